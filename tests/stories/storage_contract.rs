//! What every `Store` implementation promises, checked on SQLite and PostgreSQL alike.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::areas::{CommuneClassification, Region};
use domain::{Category, NeedStatus};
use portal::store::{NeedQuery, NewNeed, SeedOutcome, Store};
use tests::{Backend, TestDatabase};
use time::macros::date;

fn need(commune: &str, category: Category, status: NeedStatus, start: time::Date) -> NewNeed {
    NewNeed {
        commune_code: commune.into(),
        site: Some("Trường Tiểu học".into()),
        category,
        title: format!("{} {commune}", category.as_str()),
        description: "mô tả".into(),
        children: 10,
        quantity: 4,
        unit: "bộ".into(),
        unit_cost: 250_000,
        period_start: start,
        period_end: date!(2027 - 06 - 30),
        status,
        demo: false,
    }
}

async fn open(backend: &Backend) -> Option<(TestDatabase, std::sync::Arc<dyn Store>)> {
    let db = TestDatabase::create(backend).await.unwrap()?;
    let store = store::open(&db.url).await.unwrap();
    Some((db, store))
}

async fn needs_round_trip_with_filters_order_and_counts(backend: Backend) {
    let Some((db, store)) = open(&backend).await else { return };

    let later = store
        .insert_need(&need("05719", Category::Nutrition, NeedStatus::Published, date!(2027 - 01 - 10)))
        .await
        .unwrap();
    let sooner = store
        .insert_need(&need("05725", Category::Health, NeedStatus::Published, date!(2026 - 12 - 01)))
        .await
        .unwrap();
    let covered =
        store.insert_need(&need("05719", Category::Health, NeedStatus::Covered, date!(2026 - 11 - 01))).await.unwrap();
    let draft =
        store.insert_need(&need("05719", Category::Health, NeedStatus::Draft, date!(2026 - 11 - 01))).await.unwrap();

    let stored = store.need(later).await.unwrap().unwrap();
    assert_eq!(stored.total, 1_000_000, "total is quantity × unit cost");
    assert_eq!(
        (stored.commune_code.as_str(), stored.category, stored.status),
        ("05719", Category::Nutrition, NeedStatus::Published)
    );
    assert_eq!(stored.period_start, date!(2027 - 01 - 10));
    assert_eq!(stored.site.as_deref(), Some("Trường Tiểu học"));
    assert!(store.need(987_654).await.unwrap().is_none());

    let public = NeedQuery { statuses: NeedStatus::PUBLIC.to_vec(), limit: 10, ..NeedQuery::default() };
    let (rows, total) = store.needs(&public).await.unwrap();
    assert_eq!(total, 3);
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![sooner, later, covered], "seeking support first, soonest period first");
    assert!(!ids.contains(&draft));

    let (page, total) = store.needs(&NeedQuery { limit: 1, offset: 1, ..public.clone() }).await.unwrap();
    assert_eq!((page.len(), page[0].id, total), (1, later, 3));
    let (health_here, n) = store
        .needs(&NeedQuery { category: Some(Category::Health), commune_code: Some("05719".into()), ..public.clone() })
        .await
        .unwrap();
    assert_eq!((n, health_here[0].id), (1, covered));

    let totals = store.need_totals(&[NeedStatus::Published, NeedStatus::Covered]).await.unwrap();
    assert_eq!((totals.open_needs, totals.children, totals.amount), (3, 30, 3_000_000));
    assert!(!store.has_demo_needs(&NeedStatus::PUBLIC).await.unwrap());

    db.remove().await;
}
tests::on_both_backends!(needs_round_trip_with_filters_order_and_counts);

async fn a_rejected_need_leaves_nothing_behind(backend: Backend) {
    let Some((db, store)) = open(&backend).await else { return };
    let mut backwards = need("05719", Category::Recreation, NeedStatus::Draft, date!(2027 - 09 - 01));
    backwards.period_end = date!(2027 - 01 - 01);
    assert!(store.insert_need(&backwards).await.is_err(), "a period that ends before it starts is refused");
    let everything = NeedQuery { statuses: NeedStatus::ALL.to_vec(), limit: 100, ..NeedQuery::default() };
    assert_eq!(store.needs(&everything).await.unwrap().1, 0);

    // A seed that fails half-way writes nothing, and can be run again.
    let mut seed = portal::demo::demo_needs();
    seed.push(backwards);
    assert!(store.seed_demo(&seed).await.is_err());
    assert_eq!(store.needs(&everything).await.unwrap().1, 0);
    let good = portal::demo::demo_needs();
    assert_eq!(store.seed_demo(&good).await.unwrap(), SeedOutcome::Loaded { count: good.len() });
    assert_eq!(store.seed_demo(&good).await.unwrap(), SeedOutcome::AlreadyLoaded, "demo data loads once");
    assert_eq!(store.needs(&everything).await.unwrap().1, i64::try_from(good.len()).unwrap());
    assert!(store.has_demo_needs(&NeedStatus::PUBLIC).await.unwrap());

    db.remove().await;
}
tests::on_both_backends!(a_rejected_need_leaves_nothing_behind);

async fn areas_and_classifications_are_kept_as_data(backend: Backend) {
    let Some((db, store)) = open(&backend).await else { return };
    let (units, successions) = web::ops::reference::parse_admin_units(web::ops::reference::ADMIN_UNITS_CSV).unwrap();

    assert!(web::ops::reference::sync_areas(store.as_ref()).await.unwrap(), "a new database gets the units");
    let (stored_units, stored_successions) = store.areas().await.unwrap();
    assert_eq!(stored_units.len(), units.len());
    assert_eq!(stored_successions.len(), successions.len());
    // Two units share code 05443 in different systems: the key is (system, code, valid_from).
    let same_code: Vec<_> = stored_units.iter().filter(|u| u.code == "05443").collect();
    assert!(same_code.iter().any(|u| u.system == "2025" && u.name == "Phường Phan Đình Phùng"));
    assert!(same_code.iter().any(|u| u.system == "pre-2025" && u.name == "Phường Trưng Vương"));
    // Syncing again writes nothing.
    assert!(!web::ops::reference::sync_areas(store.as_ref()).await.unwrap(), "unchanged units are not rewritten");
    assert_eq!(store.areas().await.unwrap().0, stored_units);

    let mut classification = CommuneClassification {
        system: "2025".into(),
        commune_code: "05719".into(),
        period_start: date!(2026 - 01 - 01),
        period_end: Some(date!(2030 - 12 - 31)),
        region: Region::III,
        extremely_disadvantaged_villages: 7,
        decision: "Quyết định minh họa".into(),
    };
    store.save_classifications(std::slice::from_ref(&classification)).await.unwrap();
    classification.extremely_disadvantaged_villages = 6;
    store.save_classifications(std::slice::from_ref(&classification)).await.unwrap();
    let kept = store.classifications("05719").await.unwrap();
    assert_eq!(kept, vec![classification.clone()], "an edit replaces the same period's classification");
    web::ops::reference::sync_areas(store.as_ref()).await.unwrap();
    assert_eq!(
        store.classifications("05719").await.unwrap(),
        vec![classification],
        "reference sync leaves classifications alone"
    );

    db.remove().await;
}
tests::on_both_backends!(areas_and_classifications_are_kept_as_data);
