//! SIGHUP, which asks the gateway to re-read its files (TLS certificates, API keys) now.

/// SIGHUP, where there is such a signal.
#[derive(Debug)]
pub struct Hangup {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Hangup {
    /// Listens for SIGHUP from now on: from this call, the signal no longer ends the process.
    pub fn register() -> std::io::Result<Self> {
        Ok(Self {
            #[cfg(unix)]
            signal: Some(tokio::signal::unix::signal(
                tokio::signal::unix::SignalKind::hangup(),
            )?),
        })
    }

    /// The next SIGHUP (never, where there is no such signal).
    pub async fn recv(&mut self) {
        #[cfg(unix)]
        if let Some(signal) = &mut self.signal {
            if signal.recv().await.is_some() {
                return;
            }
            // The signal driver is gone (the runtime is shutting down): no more signals.
            self.signal = None;
        }
        std::future::pending().await
    }
}
