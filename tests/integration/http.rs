use crate::helpers::spawn_app;

#[test]
fn healthz_answers_with_the_dataset_version() {
    let app = spawn_app();
    let (status, body) = app.get("/healthz");
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert!(body["dataset"].as_str().unwrap().starts_with("data-"));
}
