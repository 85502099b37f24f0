//! Seeded geometry generators for Retki's places, with no Bevy in sight.
//!
//! Every generator takes a seed and returns plain vertex and index buffers ([`MeshData`]), so
//! every machine builds the same world, the generators test in milliseconds, and the engine
//! turns the buffers into GPU meshes in one place. Units are metres throughout, with +Y up.

pub mod lander;
pub mod lsystem;
pub mod lunar;
pub mod mesh;
pub mod middle_ages;
pub mod parts;
pub mod rainforest;
pub mod rng;
pub mod rock;
pub mod schoolyard;
pub mod seabed;
pub mod sphere;
pub mod sun;
pub mod terrain;

pub use mesh::{Bounds, MeshData, MeshError};
pub use rng::SeededRng;
pub use terrain::Heightfield;
