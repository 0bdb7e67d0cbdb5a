//! Work shared among the cores: each piece on a thread of its own, the results in the
//! pieces' order.

/// `work` applied to every piece of `pieces`, each on its own thread, in order. A panic
/// in one carries on in the caller.
pub fn map<P: Sync, R: Send>(pieces: &[P], work: impl Fn(&P) -> R + Sync) -> Vec<R> {
    std::thread::scope(|scope| {
        let work = &work;
        let workers: Vec<_> = pieces
            .iter()
            .map(|piece| scope.spawn(move || work(piece)))
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_the_order_of_the_pieces() {
        let pieces: Vec<u32> = (0..8).collect();
        assert_eq!(
            super::map(&pieces, |n| n * 10),
            [0, 10, 20, 30, 40, 50, 60, 70]
        );
    }
}
