//! The schoolyard in the running app, headless: the furnished example design stands in the
//! world, a pupil's requests place, move and undo items in it, a refused placement changes
//! neither the design nor the world, the ghost tells why, and the tape and area tools measure.

use crate::common;

use bevy::prelude::*;
use retki_design::{Refusal, Request};
use retki_scenes::schoolyard::editing::{
    DesignApplied, DesignRefused, DesignRequest, DesignTool, Tool, summary_text,
};
use retki_scenes::schoolyard::{PlacedItem, SCHOOLYARD, SchoolyardDesign, world};

/// The items in the world, by id, with where they stand.
fn placed(app: &mut App) -> Vec<(u32, Vec3)> {
    let mut query = app.world_mut().query::<(&PlacedItem, &Transform)>();
    let mut items: Vec<_> = query
        .iter(app.world())
        .map(|(item, t)| (item.0, t.translation))
        .collect();
    items.sort_by_key(|(id, _)| *id);
    items
}

fn ask(app: &mut App, request: Request) {
    app.world_mut().write_message(DesignRequest {
        author: "otter".into(),
        request,
    });
    app.update();
    app.update();
}

#[test]
fn pupils_place_move_and_undo_in_the_running_schoolyard() {
    let mut app = common::trip_headless(SCHOOLYARD, false);
    let before = placed(&mut app);
    assert_eq!(
        before.len(),
        26,
        "the example design's items stand in the yard"
    );
    let mut applied = app
        .world_mut()
        .resource_mut::<Messages<DesignApplied>>()
        .get_cursor();
    let mut refused = app
        .world_mut()
        .resource_mut::<Messages<DesignRefused>>()
        .get_cursor();

    ask(
        &mut app,
        Request::Place {
            kind: "picnic_table".into(),
            at: [40.0, 3.0],
            rotation_deg: 0.0,
            size: None,
            colour: None,
        },
    );
    let after = placed(&mut app);
    assert_eq!(after.len(), 27);
    let (id, at) = *after.last().unwrap();
    assert_eq!(at, world([40.0, 3.0], 0.0));
    assert_eq!(
        applied
            .read(app.world().resource::<Messages<DesignApplied>>())
            .count(),
        1
    );

    ask(
        &mut app,
        Request::Move {
            id,
            to: [40.0, 6.0],
        },
    );
    assert_eq!(placed(&mut app).last().unwrap().1, world([40.0, 6.0], 0.0));
    ask(&mut app, Request::Undo);
    assert_eq!(placed(&mut app).last().unwrap().1, world([40.0, 3.0], 0.0));

    // On the gym: refused, and neither the design nor the world changes.
    let design_before = app
        .world()
        .resource::<SchoolyardDesign>()
        .design
        .log()
        .len();
    ask(
        &mut app,
        Request::Place {
            kind: "bench".into(),
            at: [15.0, 35.0],
            rotation_deg: 0.0,
            size: None,
            colour: None,
        },
    );
    let refusals: Vec<_> = refused
        .read(app.world().resource::<Messages<DesignRefused>>())
        .map(|r| r.refusal.clone())
        .collect();
    assert_eq!(refusals, [Refusal::OverlapsBuilding("the gym".into())]);
    assert_eq!(placed(&mut app).len(), 27);
    assert_eq!(
        app.world()
            .resource::<SchoolyardDesign>()
            .design
            .log()
            .len(),
        design_before
    );

    ask(&mut app, Request::Undo);
    ask(&mut app, Request::Undo);
    assert_eq!(placed(&mut app), before, "undo took the table away again");
}

#[test]
fn the_ghost_says_why_and_the_tools_measure() {
    let mut app = common::trip_headless(SCHOOLYARD, false);
    {
        let mut tool = app.world_mut().resource_mut::<DesignTool>();
        tool.tool = Tool::Place;
        tool.aim = Some([-47.0, -33.0]);
    }
    app.update();
    let tool = app.world().resource::<DesignTool>();
    assert!(
        matches!(tool.verdict, Some(Err(Refusal::InSafetyZoneOf(1, "swing")))),
        "{:?}",
        tool.verdict
    );
    let text = summary_text(app.world().resource::<SchoolyardDesign>(), tool, "en");
    assert!(
        text.contains("✗ it would stand in the safety zone of the swing (item 1)"),
        "{text}"
    );
    assert!(text.contains("Place Bench: 1.80 × 0.65 m"), "{text}");

    app.world_mut().resource_mut::<DesignTool>().aim = Some([40.0, 3.0]);
    app.update();
    assert!(matches!(
        app.world().resource::<DesignTool>().verdict,
        Some(Ok(()))
    ));

    {
        let mut tool = app.world_mut().resource_mut::<DesignTool>();
        tool.tool = Tool::Tape;
        tool.points = vec![[0.0, 0.0], [3.0, 4.0]];
    }
    app.update();
    let text = summary_text(
        app.world().resource::<SchoolyardDesign>(),
        app.world().resource::<DesignTool>(),
        "en",
    );
    assert!(text.contains("Tape: 5.00 m"), "{text}");

    {
        let mut tool = app.world_mut().resource_mut::<DesignTool>();
        tool.tool = Tool::Area;
        tool.points = vec![[10.0, -42.0], [50.0, -42.0], [50.0, -16.0], [10.0, -16.0]];
    }
    app.update();
    let text = summary_text(
        app.world().resource::<SchoolyardDesign>(),
        app.world().resource::<DesignTool>(),
        "en",
    );
    assert!(text.contains("Area: 1040.0 m² (4 corners)"), "{text}");
}

#[test]
fn in_a_session_only_the_servers_changes_change_the_yard() {
    use retki_scenes::schoolyard::editing::{DesignAuthority, DesignFromServer};
    let mut app = common::trip_headless(SCHOOLYARD, false);
    *app.world_mut().resource_mut::<DesignAuthority>() = DesignAuthority::Server;
    let before = placed(&mut app);

    // A pupil's own request goes to the server; here nothing changes.
    ask(
        &mut app,
        Request::Place {
            kind: "picnic_table".into(),
            at: [40.0, 3.0],
            rotation_deg: 0.0,
            size: None,
            colour: None,
        },
    );
    assert_eq!(placed(&mut app), before);

    // The server sends its log from the start: the yard is rebuilt from it, item for item.
    let yard = app.world().resource::<SchoolyardDesign>();
    let site = yard.design.site.clone();
    let brief = yard.design.brief.clone();
    let mut server = retki_design::Design::new(site, brief);
    let op = server
        .apply(
            "p-otter",
            1,
            Request::Place {
                kind: "bench".into(),
                at: [40.0, 3.0],
                rotation_deg: 0.0,
                size: None,
                colour: None,
            },
        )
        .unwrap()
        .clone();
    app.world_mut().write_message(DesignFromServer(op.clone()));
    app.update();
    app.update();
    let after = placed(&mut app);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].0, op.change.item_id());
    assert_eq!(
        app.world()
            .resource::<SchoolyardDesign>()
            .design
            .log()
            .len(),
        1
    );
    // The same operation again (sent once more after a drop) changes nothing.
    app.world_mut().write_message(DesignFromServer(op));
    app.update();
    assert_eq!(placed(&mut app).len(), 1);
}
