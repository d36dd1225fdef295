//! `iris_module_core::long_job`: a job submitted once, polled until done or the deadline, marked
//! pending on the object at the deadline, and resumed (not submitted again) by the next call;
//! the module's state on objects kept under its own key.

use iris_module_core::long_job::{JobOutcome, LongJob, Poll};
use iris_module_core::objects::{Enriched, Ioc};
use iris_module_core::{HookContext, HookError};
use serde_json::json;
use std::cell::Cell;
use std::time::{Duration, Instant};

fn ctx(deadline_in: Duration) -> HookContext {
    HookContext::new("on_manual_trigger_ioc")
        .with_module_name("IrisIntelOwl")
        .with_deadline(Some(Instant::now() + deadline_in))
}

#[test]
fn a_job_past_the_deadline_is_pending_then_resumed_and_submitted_once_in_all() {
    let submissions = Cell::new(0);
    let polls = Cell::new(0);
    // The service finishes the job at its 6th poll.
    let poll = |job: &u64| {
        polls.set(polls.get() + 1);
        assert_eq!(*job, 42);
        Ok(if polls.get() >= 6 {
            Poll::Done("malicious")
        } else {
            Poll::Running(Some(format!("{} of 3 analyzers", polls.get() % 3)))
        })
    };
    let submit = || {
        submissions.set(submissions.get() + 1);
        Ok(42u64)
    };
    let job = LongJob::new(
        "analysis",
        Duration::from_millis(50),
        Duration::from_secs(60),
    )
    .margin(Duration::from_millis(20));
    let mut ioc = Ioc::new("evil.example", "domain");
    ioc.ioc_enrichment = Some(json!({"OtherModule": {"kept": true}}));

    let first = ctx(Duration::from_millis(170));
    let outcome = job.run(&first, &mut ioc, submit, poll).unwrap();
    assert!(
        matches!(outcome, JobOutcome::Pending { ref job, .. } if job == "42"),
        "{outcome:?}"
    );
    assert_eq!(submissions.get(), 1);
    let polled_first = polls.get();
    assert!((2..6).contains(&polled_first), "{polled_first}");
    assert_eq!(job.pending::<u64>(&first, &ioc).unwrap().job, 42);
    let logs = first.logger().lines();
    assert!(
        logs.iter()
            .any(|l| l.message.contains("analysis 42: submitted")),
        "{logs:?}"
    );
    assert!(
        logs.iter().any(|l| l.message.contains("marked pending")),
        "{logs:?}"
    );
    assert!(
        logs.iter().any(|l| l.message.contains("of 3 analyzers")),
        "{logs:?}"
    );

    // The next trigger resumes the job: no second submission.
    let second = ctx(Duration::from_secs(10));
    let outcome = job
        .run(
            &second,
            &mut ioc,
            || panic!("submitted again"),
            |job: &u64| {
                polls.set(polls.get() + 1);
                assert_eq!(*job, 42);
                Ok(if polls.get() >= 6 {
                    Poll::Done("malicious")
                } else {
                    Poll::Running(None)
                })
            },
        )
        .unwrap();
    assert_eq!(outcome, JobOutcome::Done("malicious"));
    assert_eq!(submissions.get(), 1);
    assert!(
        job.pending::<u64>(&second, &ioc).is_none(),
        "the mark is gone"
    );
    assert_eq!(
        ioc.ioc_enrichment,
        Some(json!({"OtherModule": {"kept": true}}))
    );
    let logs = second.logger().lines();
    assert!(
        logs.iter().any(|l| l.message.contains("resumed")),
        "{logs:?}"
    );
    println!("long job: 1 submission, {} polls over 2 calls", polls.get());
}

/// A job polled every 10 ms for at most 5 s, an IOC, and a call with 5 s left.
fn quick_job() -> (LongJob, Ioc, HookContext) {
    let job = LongJob::new(
        "analysis",
        Duration::from_millis(10),
        Duration::from_secs(5),
    );
    (
        job,
        Ioc::new("evil.example", "domain"),
        ctx(Duration::from_secs(5)),
    )
}

#[test]
fn a_failed_job_is_an_error_naming_it_and_the_next_call_submits_again() {
    let (job, mut ioc, ctx) = quick_job();
    let error = job
        .run(
            &ctx,
            &mut ioc,
            || Ok(7u64),
            |_: &u64| Ok(Poll::<()>::Failed("analyzer crashed".into())),
        )
        .unwrap_err();
    assert_eq!(error.to_string(), "analysis 7 failed: analyzer crashed");
    assert!(job.pending::<u64>(&ctx, &ioc).is_none());
    // The module's own state beside it is its own key.
    ctx.set_state(&mut ioc, &json!({"seen": 1})).unwrap();
    assert_eq!(
        ioc.ioc_enrichment,
        Some(json!({"IrisIntelOwl": {"seen": 1}}))
    );
    assert_eq!(
        ctx.state::<serde_json::Value>(&ioc).unwrap(),
        Some(json!({"seen": 1}))
    );
    assert!(ioc.state_in::<u64>("IrisMISP").unwrap().is_none());
}

#[test]
fn a_poll_without_an_answer_keeps_the_job_and_the_next_call_asks_about_it_again() {
    let (job, mut ioc, ctx) = quick_job();
    let error = job
        .run(
            &ctx,
            &mut ioc,
            || Ok(7u64),
            |_: &u64| Err::<Poll<()>, _>(HookError::msg("502 Bad gateway")),
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "analysis 7 could not be followed (502 Bad gateway); still marked pending, the next \
         trigger asks about it again"
    );
    assert_eq!(job.pending::<u64>(&ctx, &ioc).map(|p| p.job), Some(7));
    // The next call resumes job 7: a second submission would panic.
    let done = job
        .run(
            &ctx,
            &mut ioc,
            || -> Result<u64, HookError> { panic!("submitted twice") },
            |id: &u64| Ok(Poll::Done(*id * 6)),
        )
        .unwrap();
    assert_eq!(done, JobOutcome::Done(42));
    assert!(job.pending::<u64>(&ctx, &ioc).is_none());
}
