package durablecumulativeprocessor

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
)

type sink struct {
	mu     sync.Mutex
	points map[string][]pmetric.NumberDataPoint
}

func (s *sink) consumer(t *testing.T) consumer.Metrics {
	c, err := consumer.NewMetrics(func(_ context.Context, md pmetric.Metrics) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.points == nil {
			s.points = map[string][]pmetric.NumberDataPoint{}
		}
		rms := md.ResourceMetrics()
		for i := 0; i < rms.Len(); i++ {
			sms := rms.At(i).ScopeMetrics()
			for j := 0; j < sms.Len(); j++ {
				ms := sms.At(j).Metrics()
				for k := 0; k < ms.Len(); k++ {
					m := ms.At(k)
					var dps pmetric.NumberDataPointSlice
					switch m.Type() {
					case pmetric.MetricTypeSum:
						if m.Sum().AggregationTemporality() != pmetric.AggregationTemporalityCumulative {
							t.Errorf("%s passed on as %s", m.Name(), m.Sum().AggregationTemporality())
						}
						dps = m.Sum().DataPoints()
					case pmetric.MetricTypeGauge:
						dps = m.Gauge().DataPoints()
					default:
						continue
					}
					for l := 0; l < dps.Len(); l++ {
						dp := pmetric.NewNumberDataPoint()
						dps.At(l).CopyTo(dp)
						name := m.Name()
						if session, ok := dp.Attributes().Get("session.id"); ok {
							name += "/" + session.AsString()
						}
						s.points[name] = append(s.points[name], dp)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (s *sink) last(t *testing.T, name string) pmetric.NumberDataPoint {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	points := s.points[name]
	if len(points) == 0 {
		t.Fatalf("no point for %s", name)
	}
	return points[len(points)-1]
}

func (s *sink) count(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.points[name])
}

func ts(second int) pcommon.Timestamp {
	return pcommon.NewTimestampFromTime(time.Now().Add(-time.Minute).Truncate(time.Second).Add(time.Duration(second) * time.Second))
}

// deltaRequest builds one export of a DELTA counter for a session: start and end in seconds from a minute ago.
func deltaRequest(name, session string, value float64, start, end int) pmetric.Metrics {
	md := pmetric.NewMetrics()
	rm := md.ResourceMetrics().AppendEmpty()
	rm.Resource().Attributes().PutStr("service.name", "claude-code")
	rm.Resource().Attributes().PutStr("user.email", "a@example.com")
	sm := rm.ScopeMetrics().AppendEmpty()
	sm.Scope().SetName("com.anthropic.claude_code")
	m := sm.Metrics().AppendEmpty()
	m.SetName(name)
	m.SetUnit("USD")
	sum := m.SetEmptySum()
	sum.SetIsMonotonic(true)
	sum.SetAggregationTemporality(pmetric.AggregationTemporalityDelta)
	dp := sum.DataPoints().AppendEmpty()
	dp.Attributes().PutStr("session.id", session)
	dp.SetStartTimestamp(ts(start))
	dp.SetTimestamp(ts(end))
	dp.SetDoubleValue(value)
	return md
}

func start(t *testing.T, cfg *Config, s *sink) *durableCumulative {
	t.Helper()
	p := newProcessor(cfg, zap.NewNop(), nil, s.consumer(t))
	if err := p.Start(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return p
}

func testConfig(t *testing.T) *Config {
	cfg := createDefaultConfig()
	cfg.Directory = t.TempDir()
	return cfg
}

func consume(t *testing.T, p *durableCumulative, md pmetric.Metrics) {
	t.Helper()
	if err := p.ConsumeMetrics(context.Background(), md); err != nil {
		t.Fatal(err)
	}
}

func TestRunningTotalsKeepTheFirstStart(t *testing.T) {
	s := &sink{}
	p := start(t, testConfig(t), s)
	defer p.Shutdown(context.Background())
	consume(t, p, deltaRequest("cost", "s1", 1.5, 0, 1))
	consume(t, p, deltaRequest("cost", "s1", 2, 1, 2))
	consume(t, p, deltaRequest("cost", "s1", 0.25, 2, 3))
	last := s.last(t, "cost/s1")
	if last.DoubleValue() != 3.75 || last.StartTimestamp() != ts(0) || last.Timestamp() != ts(3) {
		t.Fatalf("got %v from %v at %v", last.DoubleValue(), last.StartTimestamp(), last.Timestamp())
	}
}

func TestARetriedRequestIsCountedOnce(t *testing.T) {
	s := &sink{}
	p := start(t, testConfig(t), s)
	defer p.Shutdown(context.Background())
	consume(t, p, deltaRequest("cost", "s1", 1, 0, 1))
	consume(t, p, deltaRequest("cost", "s1", 1, 0, 1))
	consume(t, p, deltaRequest("cost", "s1", 2, 1, 2))
	consume(t, p, deltaRequest("cost", "s1", 2, 1, 2))
	if got := s.last(t, "cost/s1").DoubleValue(); got != 3 {
		t.Fatalf("total %v, want 3", got)
	}
	if got := s.count("cost/s1"); got != 2 {
		t.Fatalf("%d points passed on, want 2 (duplicates dropped)", got)
	}
}

func TestTotalsSurviveARestart(t *testing.T) {
	cfg := testConfig(t)
	first := &sink{}
	p := start(t, cfg, first)
	consume(t, p, deltaRequest("cost", "s1", 1, 0, 1))
	consume(t, p, deltaRequest("cost", "s1", 2, 1, 2))
	consume(t, p, deltaRequest("cost", "s2", 5, 0, 2))
	// No Shutdown: the journal must hold everything a killed collector had answered.
	second := &sink{}
	q := start(t, cfg, second)
	defer q.Shutdown(context.Background())
	if got := second.last(t, "cost/s1"); got.DoubleValue() != 3 || got.StartTimestamp() != ts(0) {
		t.Fatalf("restored s1 %v from %v, want 3 from %v", got.DoubleValue(), got.StartTimestamp(), ts(0))
	}
	if got := second.last(t, "cost/s2").DoubleValue(); got != 5 {
		t.Fatalf("restored s2 %v, want 5", got)
	}
	consume(t, q, deltaRequest("cost", "s1", 2, 1, 2)) // the client's retry of an answered request
	consume(t, q, deltaRequest("cost", "s1", 4, 2, 3))
	if got := second.last(t, "cost/s1"); got.DoubleValue() != 7 || got.StartTimestamp() != ts(0) {
		t.Fatalf("after restart s1 %v from %v, want 7 from %v", got.DoubleValue(), got.StartTimestamp(), ts(0))
	}
}

func TestATornLastRecordIsCutOff(t *testing.T) {
	cfg := testConfig(t)
	p := start(t, cfg, &sink{})
	consume(t, p, deltaRequest("cost", "s1", 1, 0, 1))
	consume(t, p, deltaRequest("cost", "s1", 2, 1, 2))
	path := filepath.Join(cfg.Directory, journalName)
	file, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := file.Write([]byte{200, 0, 0, 0, 1, 2, 3, 4, 5}); err != nil {
		t.Fatal(err)
	}
	file.Close()
	s := &sink{}
	q := start(t, cfg, s)
	defer q.Shutdown(context.Background())
	consume(t, q, deltaRequest("cost", "s1", 4, 2, 3))
	if got := s.last(t, "cost/s1").DoubleValue(); got != 7 {
		t.Fatalf("total %v, want 7", got)
	}
}

func TestAFailedJournalWriteChangesNothing(t *testing.T) {
	s := &sink{}
	p := start(t, testConfig(t), s)
	defer p.Shutdown(context.Background())
	consume(t, p, deltaRequest("cost", "s1", 1, 0, 1))
	good := p.journal.file
	broken, err := os.Open(os.DevNull) // read-only: every write fails
	if err != nil {
		t.Fatal(err)
	}
	p.journal.file = broken
	if err := p.ConsumeMetrics(context.Background(), deltaRequest("cost", "s1", 2, 1, 2)); err == nil {
		t.Fatal("a request whose totals could not be journalled was accepted")
	}
	p.journal.file = good
	broken.Close()
	consume(t, p, deltaRequest("cost", "s1", 2, 1, 2)) // the client's retry
	if got := s.last(t, "cost/s1").DoubleValue(); got != 3 {
		t.Fatalf("total %v, want 3", got)
	}
}

func TestOtherMetricsPassThroughUnchanged(t *testing.T) {
	s := &sink{}
	p := start(t, testConfig(t), s)
	defer p.Shutdown(context.Background())
	md := deltaRequest("cumulative", "s1", 10, 0, 1)
	md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Sum().SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
	gauge := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().AppendEmpty()
	gauge.SetName("gauge")
	gauge.SetEmptyGauge().DataPoints().AppendEmpty().SetIntValue(7)
	consume(t, p, md)
	if got := s.last(t, "cumulative/s1"); got.DoubleValue() != 10 || got.StartTimestamp() != ts(0) {
		t.Fatalf("cumulative sum changed: %v from %v", got.DoubleValue(), got.StartTimestamp())
	}
	if got := s.last(t, "gauge").IntValue(); got != 7 {
		t.Fatalf("gauge %v", got)
	}
}

func TestIntsStayIntsUntilADoubleArrives(t *testing.T) {
	s := &sink{}
	p := start(t, testConfig(t), s)
	defer p.Shutdown(context.Background())
	intRequest := func(v int64, from, to int) pmetric.Metrics {
		md := deltaRequest("tokens", "s1", 0, from, to)
		md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Sum().DataPoints().At(0).SetIntValue(v)
		return md
	}
	consume(t, p, intRequest(3, 0, 1))
	consume(t, p, intRequest(4, 1, 2))
	if got := s.last(t, "tokens/s1"); got.ValueType() != pmetric.NumberDataPointValueTypeInt || got.IntValue() != 7 {
		t.Fatalf("got %v %v", got.ValueType(), got.IntValue())
	}
	consume(t, p, deltaRequest("tokens", "s1", 0.5, 2, 3))
	if got := s.last(t, "tokens/s1").DoubleValue(); got != 7.5 {
		t.Fatalf("got %v", got)
	}
}

func TestSnapshotsKeepEveryTotal(t *testing.T) {
	cfg := testConfig(t)
	cfg.CompactAfterBytes = 1024
	p := start(t, cfg, &sink{})
	for i := 0; i < 200; i++ {
		consume(t, p, deltaRequest("cost", "s1", 1, i, i+1))
		consume(t, p, deltaRequest("cost", "s2", 2, i, i+1))
	}
	info, err := os.Stat(filepath.Join(cfg.Directory, journalName))
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 8*1024 {
		t.Fatalf("journal is %d bytes after snapshots", info.Size())
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("journal mode %v", info.Mode().Perm())
	}
	s := &sink{}
	q := start(t, cfg, s)
	defer q.Shutdown(context.Background())
	if a, b := s.last(t, "cost/s1").DoubleValue(), s.last(t, "cost/s2").DoubleValue(); a != 200 || b != 400 {
		t.Fatalf("restored %v and %v, want 200 and 400", a, b)
	}
}

func TestStaleStreamsAreNotRestored(t *testing.T) {
	cfg := testConfig(t)
	cfg.MaxStale = 90 * time.Second
	p := start(t, cfg, &sink{})
	consume(t, p, deltaRequest("cost", "old", 1, -120, -119))
	consume(t, p, deltaRequest("cost", "new", 1, 0, 1))
	s := &sink{}
	q := start(t, cfg, s)
	defer q.Shutdown(context.Background())
	if s.count("cost/old") != 0 {
		t.Fatal("a stream older than max_stale was restored")
	}
	if s.count("cost/new") != 1 {
		t.Fatal("a live stream was not restored")
	}
}

func histogramRequest(session string, start, end int, sum float64, buckets ...uint64) pmetric.Metrics {
	md := pmetric.NewMetrics()
	rm := md.ResourceMetrics().AppendEmpty()
	rm.Resource().Attributes().PutStr("service.name", "codex")
	m := rm.ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
	m.SetName("codex.api_request.duration")
	h := m.SetEmptyHistogram()
	h.SetAggregationTemporality(pmetric.AggregationTemporalityDelta)
	dp := h.DataPoints().AppendEmpty()
	dp.Attributes().PutStr("session.id", session)
	dp.SetStartTimestamp(ts(start))
	dp.SetTimestamp(ts(end))
	dp.ExplicitBounds().FromRaw([]float64{100, 1000})
	dp.BucketCounts().FromRaw(buckets)
	var count uint64
	for _, b := range buckets {
		count += b
	}
	dp.SetCount(count)
	dp.SetSum(sum)
	dp.SetMin(sum / float64(count))
	dp.SetMax(sum / float64(count))
	return md
}

func histogramTotals(t *testing.T, cfg *Config, run func(p *durableCumulative)) pmetric.HistogramDataPoint {
	t.Helper()
	var got pmetric.HistogramDataPoint
	found := false
	c, _ := consumer.NewMetrics(func(_ context.Context, md pmetric.Metrics) error {
		if md.ResourceMetrics().Len() == 0 {
			return nil
		}
		m := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0)
		if m.Type() != pmetric.MetricTypeHistogram || m.Histogram().AggregationTemporality() != pmetric.AggregationTemporalityCumulative {
			t.Errorf("passed on %s %s", m.Type(), m.Histogram().AggregationTemporality())
		}
		got = pmetric.NewHistogramDataPoint()
		m.Histogram().DataPoints().At(0).CopyTo(got)
		found = true
		return nil
	})
	p := newProcessor(cfg, zap.NewNop(), nil, c)
	if err := p.Start(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	run(p)
	if !found {
		t.Fatal("no histogram passed on")
	}
	return got
}

func TestHistogramTotalsSurviveARestart(t *testing.T) {
	cfg := testConfig(t)
	got := histogramTotals(t, cfg, func(p *durableCumulative) {
		consume(t, p, histogramRequest("s1", 0, 1, 300, 1, 2, 0))
		consume(t, p, histogramRequest("s1", 1, 2, 3000, 0, 0, 1))
		consume(t, p, histogramRequest("s1", 1, 2, 3000, 0, 0, 1)) // retried
	})
	if got.Count() != 4 || got.Sum() != 3300 || got.Min() != 100 || got.Max() != 3000 || got.StartTimestamp() != ts(0) {
		t.Fatalf("totals count %d sum %v min %v max %v start %v", got.Count(), got.Sum(), got.Min(), got.Max(), got.StartTimestamp())
	}
	if b := got.BucketCounts().AsRaw(); b[0] != 1 || b[1] != 2 || b[2] != 1 {
		t.Fatalf("buckets %v", b)
	}
	if s, _ := got.Attributes().Get("session.id"); s.AsString() != "s1" {
		t.Fatalf("attributes %v", got.Attributes().AsRaw())
	}
	restored := histogramTotals(t, cfg, func(p *durableCumulative) {
		consume(t, p, histogramRequest("s1", 2, 3, 50, 1, 0, 0))
	})
	if restored.Count() != 5 || restored.Sum() != 3350 || restored.StartTimestamp() != ts(0) {
		t.Fatalf("after restart count %d sum %v start %v", restored.Count(), restored.Sum(), restored.StartTimestamp())
	}
}

func TestConfigNeedsADirectory(t *testing.T) {
	if err := createDefaultConfig().Validate(); err == nil {
		t.Fatal("a config without a directory validated")
	}
}

// The count connector stamps each batch's counts with its log records' times: two batches can carry the same
// time, or an earlier one. With stamp_on_arrival every point counts and the totals carry the collector's clock.
func TestStampOnArrivalCountsPointsWithTheSameOrAnEarlierTime(t *testing.T) {
	s := &sink{}
	cfg := testConfig(t)
	cfg.StampOnArrival = true
	p := start(t, cfg, s)
	defer p.Shutdown(context.Background())
	before := pcommon.NewTimestampFromTime(time.Now())
	consume(t, p, deltaRequest("errors", "s1", 1, 5, 5))
	first := s.last(t, "errors/s1")
	consume(t, p, deltaRequest("errors", "s1", 1, 5, 5))
	consume(t, p, deltaRequest("errors", "s1", 2, 1, 2))
	after := pcommon.NewTimestampFromTime(time.Now())
	last := s.last(t, "errors/s1")
	if got := last.DoubleValue(); got != 4 {
		t.Fatalf("total %v, want 4 (no point dropped)", got)
	}
	// Started 5 s before the first arrival, so that a scrape begun just before it still sees a start before its time.
	lead := pcommon.Timestamp(5 * time.Second)
	if last.StartTimestamp() != first.StartTimestamp() || first.StartTimestamp() < before-lead || first.StartTimestamp() > after-lead {
		t.Fatalf("start %v (first point's %v), want 5 s before the first arrival, between %v and %v",
			last.StartTimestamp(), first.StartTimestamp(), before-lead, after-lead)
	}
	if last.Timestamp() < first.Timestamp() || last.Timestamp() > after {
		t.Fatalf("time %v, want the latest arrival (not before %v, not after %v)", last.Timestamp(), first.Timestamp(), after)
	}
}

// The same points without stamp_on_arrival: the repeated and the earlier one are a client's retries, dropped.
func TestWithoutStampOnArrivalPointsNotNewerAreDropped(t *testing.T) {
	s := &sink{}
	p := start(t, testConfig(t), s)
	defer p.Shutdown(context.Background())
	consume(t, p, deltaRequest("errors", "s1", 1, 5, 5))
	consume(t, p, deltaRequest("errors", "s1", 1, 5, 5))
	consume(t, p, deltaRequest("errors", "s1", 2, 1, 2))
	if got := s.last(t, "errors/s1").DoubleValue(); got != 1 {
		t.Fatalf("total %v, want 1", got)
	}
}
