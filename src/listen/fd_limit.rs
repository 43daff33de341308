//! The process's file-descriptor limit, which every connection cap is derived from.

/// The soft and hard RLIMIT_NOFILE after start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FdLimit {
    /// The soft limit before it was raised.
    pub was: u64,
    /// The soft limit now: what the process may open.
    pub soft: u64,
    /// The hard limit: the most the soft one may be raised to.
    pub hard: u64,
}

/// Raises the soft descriptor limit to the hard one (many systems start processes at 1,024
/// while allowing far more), and answers the limits. Where the limit cannot be read, answers a
/// conservative 1,024.
pub fn raise_fd_limit() -> FdLimit {
    imp::raise()
}

#[cfg(unix)]
mod imp {
    use super::FdLimit;

    pub(super) fn raise() -> FdLimit {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct it is given and nothing else.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return super::unknown();
        }
        let was = to_u64(limit.rlim_cur);
        let hard = to_u64(limit.rlim_max);
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            // SAFETY: setrlimit reads the struct it is given; failure leaves the limit as it was.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                return FdLimit {
                    was,
                    soft: hard,
                    hard,
                };
            }
        }
        FdLimit {
            was,
            soft: was,
            hard,
        }
    }

    /// RLIM_INFINITY and other huge values are capped: nothing opens 2^63 sockets.
    #[allow(clippy::useless_conversion)] // rlim_t is u64 on Linux, not on every unix
    fn to_u64(value: libc::rlim_t) -> u64 {
        u64::try_from(value).unwrap_or(u64::MAX).min(1 << 32)
    }
}

#[cfg(not(unix))]
mod imp {
    pub(super) fn raise() -> super::FdLimit {
        super::unknown()
    }
}

#[allow(dead_code)]
fn unknown() -> FdLimit {
    FdLimit {
        was: 1024,
        soft: 1024,
        hard: 1024,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn raising_is_idempotent_and_never_lowers() {
        let first = super::raise_fd_limit();
        assert!(first.soft >= first.was && first.soft <= first.hard);
        let second = super::raise_fd_limit();
        assert_eq!(second.soft, first.soft);
    }
}
