"""The overview's figures: latency percentiles from a histogram, activity summed into bars, and the queue samples
kept at most about every SAMPLE_SECONDS whoever takes them."""

from __future__ import annotations

from generator.runtime.console.overview import SAMPLE_SECONDS, QueueSamples, percentile, series
from generator.runtime.outbox.browsing import LATENCY_BOUNDS, ActivityRow, QueueCounts


def test_a_percentile_is_interpolated_within_its_bucket() -> None:
    histogram = [0] * (len(LATENCY_BOUNDS) + 1)
    histogram[2], histogram[3] = 50, 50  # (0.01, 0.025] and (0.025, 0.05]
    assert percentile(histogram, 0.5) == LATENCY_BOUNDS[2]
    assert percentile(histogram, 0.75) == (LATENCY_BOUNDS[2] + LATENCY_BOUNDS[3]) / 2
    assert percentile([0] * len(histogram), 0.5) is None
    slowest = [0] * len(LATENCY_BOUNDS) + [3]
    assert percentile(slowest, 0.99) == LATENCY_BOUNDS[-1]


def test_series_sums_rows_into_bars_and_leaves_empty_ones_empty() -> None:
    rows = [ActivityRow(60, 1, 0, 2, 1), ActivityRow(60, 2, 4, 1, 0), ActivityRow(240, 1, 0, 0, 3)]
    s = series(rows, 0, 299, 120)
    assert s.starts == (0, 120, 240)
    assert (s.delivered, s.failed) == ((3, 0, 0), (1, 0, 3))
    assert s.p50[1] is None and s.p50[0] is not None and s.totals == (3, 4)


def test_queue_samples_close_together_are_kept_once() -> None:
    samples = QueueSamples()
    for at in (0.0, 1.0, SAMPLE_SECONDS / 2, SAMPLE_SECONDS / 2 + 1):
        samples.add(QueueCounts(int(at), 0, 0), at)
    assert [at for at, _ in samples.since(0)] == [0.0, SAMPLE_SECONDS / 2]
    assert samples.samples.maxlen == int(86400 / SAMPLE_SECONDS)
