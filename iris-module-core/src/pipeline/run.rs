//! Running a pipeline's two steps with the safety net every caller needs: bad names, refusals,
//! errors and panics become error statuses, and a failed run loses no file.

use super::DynPipeline;
use super::context::PipelineContext;
use super::files::{Claim, Recovered};
use super::upload::{UploadRequest, save_upload};
use crate::module::info::ModuleInfo;
use crate::panic::panic_message;
use crate::redact::bounded;
use crate::status::{Status, codes};
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// The upload step: what `pipeline_files_upload` returns to IRIS. Never panics.
pub fn upload_file(
    module: &ModuleInfo,
    pipeline: &dyn DynPipeline,
    request: &UploadRequest,
    source: &mut dyn Read,
) -> Status {
    let saved = catch_unwind(AssertUnwindSafe(|| {
        save_upload(request, source, pipeline.name_reserve(), |upload| {
            pipeline.upload(upload)
        })
    }));
    match saved {
        Ok(Ok((upload, saved))) if saved == upload.name => Status::success(format!(
            "Successfully saved file {} ({} bytes) to {}",
            bounded(&upload.name),
            upload.size,
            request.base_path.display()
        )),
        Ok(Ok((upload, saved))) => Status::success(format!(
            "Successfully saved file {} ({} bytes) to {} as {}: a file named {} is already \
             waiting to be processed, and an upload never replaces another",
            bounded(&upload.name),
            upload.size,
            request.base_path.display(),
            bounded(&saved),
            bounded(&upload.name)
        )),
        Ok(Err(error)) => Status::error(error.to_string()),
        Err(panic) => Status::with_code(
            codes::CRITICAL,
            format!(
                "module `{}` panicked in its upload step: {}",
                module.name,
                panic_message(panic.as_ref())
            ),
        ),
    }
}

/// The processing step: claims the uploaded files, runs `pipeline` on them, then consumes them if
/// it succeeded or puts them back if it did not. The status logs are the run's log lines. Never
/// panics.
pub fn run_pipeline(
    module: &ModuleInfo,
    pipeline: &dyn DynPipeline,
    ctx: &mut PipelineContext,
) -> Status {
    let status = claim_and_process(module, pipeline, ctx);
    ctx.logger().lead_logs(status)
}

fn claim_and_process(
    module: &ModuleInfo,
    pipeline: &dyn DynPipeline,
    ctx: &mut PipelineContext,
) -> Status {
    let Some(dir) = ctx.data().path.clone() else {
        return Status::error("IRIS passed no upload directory (`path`) to the pipeline");
    };
    let dir = Path::new(&dir);
    // Wrong arguments fail the run before any file is claimed: the uploads stay as they are.
    if let Err(problem) = pipeline.check_args(&ctx.data().pipeline_args) {
        return Status::error(problem.to_string());
    }
    let (claim, skipped, recovered) = match Claim::take(dir) {
        Ok(claimed) => claimed,
        Err(error) => {
            return Status::with_code(
                codes::FILE_NOT_FOUND,
                format!(
                    "cannot read the upload directory {}: {error}",
                    dir.display()
                ),
            );
        }
    };
    report_recovered(ctx, &recovered);
    for name in &skipped.not_files {
        ctx.warn(format!("skipped `{}`: not a regular file", bounded(name)));
    }
    if claim.files().is_empty() {
        let _ = claim.consume();
        return Status::error(format!("no uploaded file to process in {}", dir.display()));
    }
    ctx.info(format!(
        "{} file(s) to process for case `{}`, on behalf of {}",
        claim.files().len(),
        ctx.case_name(),
        ctx.user()
    ));
    let args = ctx.data().pipeline_args.clone();
    let scope = ctx.logger().enter_for(module.crate_name());
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pipeline.process(ctx, &args, claim.files())
    }));
    drop(scope);
    let status = outcome.unwrap_or_else(|panic| {
        let reason = panic_message(panic.as_ref());
        ctx.error(format!("the pipeline panicked: {reason}"));
        Status::with_code(
            codes::CRITICAL,
            format!(
                "module `{}` panicked in its pipeline: {reason}",
                module.name
            ),
        )
    });
    // What the run added to the case is stored now, or dropped if it failed; a store that fails
    // fails the run, which puts the files back.
    let status = ctx.case_session().settle(status, ctx.logger());
    if status.is_success() {
        if let Err(error) = claim.consume() {
            ctx.warn(format!(
                "the processed files could not all be removed: {error}"
            ));
        }
    } else {
        let count = claim.files().len();
        let renamed = claim.restore();
        ctx.warn(format!(
            "the run failed: {count} file(s) put back in {} for the next run",
            dir.display()
        ));
        for (name, back) in renamed {
            ctx.warn(format!(
                "{} put back as {}: a newer upload has its name",
                bounded(&name),
                bounded(&back)
            ));
        }
    }
    status
}

/// Says what the sweep took up from processes that died.
fn report_recovered(ctx: &PipelineContext, recovered: &Recovered) {
    if !recovered.files_back.is_empty() {
        ctx.warn(format!(
            "took up {} file(s) of a run that died before it finished",
            recovered.files_back.len()
        ));
        for (name, back) in recovered
            .files_back
            .iter()
            .filter(|(name, back)| name != back)
        {
            ctx.warn(format!(
                "{} taken up as {}: a newer upload has its name",
                bounded(name),
                bounded(back)
            ));
        }
    }
    if recovered.partial_uploads > 0 {
        ctx.info(format!(
            "removed {} unfinished upload(s) of processes that died",
            recovered.partial_uploads
        ));
    }
    if recovered.consumed_removed > 0 {
        ctx.info(format!(
            "removed {} already processed file(s) a run that died had left",
            recovered.consumed_removed
        ));
    }
}
