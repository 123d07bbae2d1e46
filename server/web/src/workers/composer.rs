//! Notices are composed — the template rendered, the VietQR picture drawn, the message encoded — on
//! one thread of lower priority than the one that answers requests. On launch day a crowd's page
//! comes first and an acknowledgement may leave a few seconds later: composing took more of a
//! core than recording the pledge (the QR code's mask search above all), and on a busy core it
//! cut the campaign page's answers by half. With a core to spare it changes nothing.

use std::sync::mpsc;
use std::thread;

use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// How far below the request threads the composer runs (nice 10: a tenth of their share of a
/// contended core, all of an idle one).
const NICENESS: i32 = 10;

pub struct Composer {
    jobs: mpsc::Sender<Job>,
}

impl Composer {
    /// Starts the thread; it ends when the composer is dropped.
    pub fn start() -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new().name("notice-composer".into()).spawn(move || {
            lower_priority();
            for job in queue {
                job();
            }
        })?;
        Ok(Composer { jobs })
    }

    /// Runs `work` on the composer's thread; `None` if the thread is gone.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
        });
        self.jobs.send(job).ok()?;
        answered.await.ok()
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // On Linux a thread has its own nice value; this one's is raised, the process's left alone.
    let me = rustix::thread::gettid();
    if let Err(err) = rustix::process::setpriority_process(Some(me), NICENESS) {
        tracing::warn!(error = %err, "the notice composer runs at normal priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(all(test, target_os = "linux"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_the_composer_thread_at_lower_priority() {
        let composer = Composer::start().unwrap();
        let (name, niceness) = composer
            .run(|| {
                let name = thread::current().name().map(str::to_owned);
                (name, rustix::process::getpriority_process(Some(rustix::thread::gettid())).ok())
            })
            .await
            .unwrap();
        assert_eq!(name.as_deref(), Some("notice-composer"));
        let before = rustix::process::getpriority_process(None).unwrap();
        assert_eq!(niceness, Some((before + NICENESS).min(19)));
    }
}
