package durablecumulativeprocessor

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
)

// Streams per record when the totals are written out whole (snapshot, re-emission at start).
const streamsPerRecord = 5000

type durableCumulative struct {
	cfg       *Config
	logger    *zap.Logger
	telemetry *telemetry
	next      consumer.Metrics

	// mu serialises requests: a request's totals are journalled and passed on before the next request touches them,
	// so the exporter never sees a stream's totals out of order.
	mu      sync.Mutex
	store   *store
	journal *journal

	stop chan struct{}
	done chan struct{}
}

func newProcessor(cfg *Config, logger *zap.Logger, tel *telemetry, next consumer.Metrics) *durableCumulative {
	return &durableCumulative{cfg: cfg, logger: logger, telemetry: tel, next: next, store: newStore()}
}

func (p *durableCumulative) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: true}
}

// Start reads the journal back and passes every total it holds on to the exporter, so a restarted collector shows
// the same series, values and start times it showed before it stopped.
func (p *durableCumulative) Start(ctx context.Context, _ component.Host) error {
	cutoff := time.Now().Add(-p.cfg.MaxStale)
	j, records, err := openJournal(p.cfg.Directory, p.cfg.Fsync, func(md pmetric.Metrics) {
		p.restore(md, cutoff)
	})
	if err != nil {
		return err
	}
	p.journal = j
	p.mu.Lock()
	defer p.mu.Unlock()
	p.store.forgetStale(cutoff)
	if records > 0 {
		p.logger.Info("restored running totals from the journal",
			zap.Int("streams", len(p.store.streams)), zap.Int("records", records), zap.Int64("bytes", j.size))
	}
	if err := p.snapshotLocked(); err != nil {
		return err
	}
	for _, md := range p.recordsLocked() {
		if err := p.next.ConsumeMetrics(ctx, md); err != nil {
			p.logger.Warn("re-exposing restored totals failed", zap.Error(err))
		}
	}
	p.stop = make(chan struct{})
	p.done = make(chan struct{})
	go p.forgetStaleLoop()
	return nil
}

func (p *durableCumulative) Shutdown(context.Context) error {
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.journal == nil {
		return nil
	}
	err := p.journal.close()
	p.journal = nil
	return err
}

// restore takes the cumulative points of one journal record; a later record's point replaces an earlier one.
func (p *durableCumulative) restore(md pmetric.Metrics, cutoff time.Time) {
	put := func(key streamKey, st stream, seen time.Time) {
		if seen.Before(cutoff) {
			return
		}
		if cur, ok := p.store.streams[key]; ok && cur.last > st.last {
			return
		}
		st.seen = seen
		p.store.streams[key] = &st
	}
	forEachMetric(md, func(rm pmetric.ResourceMetrics, sm pmetric.ScopeMetrics, m pmetric.Metric, resourceKey, scopeKey uint64) {
		metricKey := hashMetric(m)
		refs := func(st stream) stream {
			st.resource = p.store.internResource(resourceKey, rm)
			st.scope = p.store.internScope(scopeKey, sm)
			st.metric = p.store.internMetric(metricKey, m)
			return st
		}
		switch m.Type() {
		case pmetric.MetricTypeSum:
			dps := m.Sum().DataPoints()
			for i := 0; i < dps.Len(); i++ {
				dp := dps.At(i)
				put(keyOf(resourceKey, scopeKey, metricKey, dp.Attributes()), refs(newSumStream(dp)), dp.Timestamp().AsTime())
			}
		case pmetric.MetricTypeHistogram:
			dps := m.Histogram().DataPoints()
			for i := 0; i < dps.Len(); i++ {
				dp := dps.At(i)
				put(keyOf(resourceKey, scopeKey, metricKey, dp.Attributes()), refs(newHistogramStream(dp)), dp.Timestamp().AsTime())
			}
		}
	})
}

func forEachMetric(md pmetric.Metrics, fn func(pmetric.ResourceMetrics, pmetric.ScopeMetrics, pmetric.Metric, uint64, uint64)) {
	rms := md.ResourceMetrics()
	for i := 0; i < rms.Len(); i++ {
		rm := rms.At(i)
		resourceKey := hashResource(rm.Resource(), rm.SchemaUrl())
		sms := rm.ScopeMetrics()
		for j := 0; j < sms.Len(); j++ {
			sm := sms.At(j)
			scopeKey := hashScope(sm.Scope(), sm.SchemaUrl())
			ms := sm.Metrics()
			for k := 0; k < ms.Len(); k++ {
				fn(rm, sm, ms.At(k), resourceKey, scopeKey)
			}
		}
	}
}

// request is one ConsumeMetrics call's changes, applied to the store only once they are journalled.
type request struct {
	p           *durableCumulative
	now         time.Time
	pending     map[streamKey]*stream
	changed     []streamKey
	newStreams  int
	accumulated int
	dropped     int
	refused     int
}

// startLead puts a stream stamped on arrival as started this long before its first point arrived. Prometheus
// times a scrape when it begins, and a point can arrive while the page is being rendered: a start (created
// timestamp) after the scrape's time is refused (ErrCTNewerThanSample), the zero sample is missing, and increase()
// loses the stream's first count. A render never outlasts the scrape timeout (4 s), so 5 s covers it.
const startLead = 5 * time.Second

// next returns the stream's new total with a point added, or false if the point is dropped: not newer than the
// stream's last one (a retried request, or out of order; never with stamp_on_arrival), or a new stream beyond
// max_streams.
func (r *request) next(key streamKey, last pcommon.Timestamp, first func() stream, add func(stream) stream) (*stream, bool) {
	cur, inRequest := r.pending[key]
	if !inRequest {
		cur = r.p.store.streams[key]
	}
	var next stream
	switch {
	case cur == nil:
		if len(r.p.store.streams)+r.newStreams >= r.p.cfg.MaxStreams {
			r.refused++
			return nil, false
		}
		r.newStreams++
		next = first()
	case last <= cur.last && !r.p.cfg.StampOnArrival:
		r.dropped++
		return nil, false
	default:
		next = add(*cur)
	}
	if r.p.cfg.StampOnArrival {
		arrival := pcommon.NewTimestampFromTime(r.now)
		if cur == nil {
			next.start = arrival - pcommon.Timestamp(startLead)
		} else if arrival < cur.last {
			arrival = cur.last // the clock went back: a total's time never does
		}
		next.last = arrival
	}
	next.seen = r.now
	r.accumulated++
	if !inRequest {
		r.changed = append(r.changed, key)
	}
	r.pending[key] = &next
	return &next, true
}

// ConsumeMetrics turns every DELTA sum and histogram point into its stream's new running total. The new totals are
// journalled before anything is passed on or answered: if the write fails, nothing changes and the client is told
// to retry. A point not newer than its stream's last one (a client's retry of a request already counted, or a point
// out of order) is dropped, as deltatocumulative drops it. Everything else passes through unchanged.
func (p *durableCumulative) ConsumeMetrics(ctx context.Context, md pmetric.Metrics) error {
	p.mu.Lock()
	defer p.mu.Unlock()

	r := &request{p: p, now: time.Now(), pending: map[streamKey]*stream{}}
	md.ResourceMetrics().RemoveIf(func(rm pmetric.ResourceMetrics) bool {
		resourceKey := hashResource(rm.Resource(), rm.SchemaUrl())
		rm.ScopeMetrics().RemoveIf(func(sm pmetric.ScopeMetrics) bool {
			scopeKey := hashScope(sm.Scope(), sm.SchemaUrl())
			sm.Metrics().RemoveIf(func(m pmetric.Metric) bool {
				withRefs := func(st stream) stream {
					st.resource = p.store.internResource(resourceKey, rm)
					st.scope = p.store.internScope(scopeKey, sm)
					st.metric = p.store.internMetric(hashMetric(m), m)
					return st
				}
				switch {
				case m.Type() == pmetric.MetricTypeSum && m.Sum().AggregationTemporality() == pmetric.AggregationTemporalityDelta:
					metricKey := hashMetric(m)
					m.Sum().DataPoints().RemoveIf(func(dp pmetric.NumberDataPoint) bool {
						st, ok := r.next(keyOf(resourceKey, scopeKey, metricKey, dp.Attributes()), dp.Timestamp(),
							func() stream { return withRefs(newSumStream(dp)) },
							func(cur stream) stream { return cur.addSum(dp) })
						if ok {
							st.writeSum(dp)
						}
						return !ok
					})
					m.Sum().SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
					return m.Sum().DataPoints().Len() == 0
				case m.Type() == pmetric.MetricTypeHistogram && m.Histogram().AggregationTemporality() == pmetric.AggregationTemporalityDelta:
					metricKey := hashMetric(m)
					m.Histogram().DataPoints().RemoveIf(func(dp pmetric.HistogramDataPoint) bool {
						st, ok := r.next(keyOf(resourceKey, scopeKey, metricKey, dp.Attributes()), dp.Timestamp(),
							func() stream { return withRefs(newHistogramStream(dp)) },
							func(cur stream) stream { return cur.addHistogram(dp) })
						if ok {
							st.writeHistogram(dp)
						}
						return !ok
					})
					m.Histogram().SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
					return m.Histogram().DataPoints().Len() == 0
				}
				return false
			})
			return sm.Metrics().Len() == 0
		})
		return rm.ScopeMetrics().Len() == 0
	})

	if r.dropped > 0 {
		p.logger.Debug("dropped points not newer than their stream's total (retried or out of order)", zap.Int("points", r.dropped))
	}
	if r.refused > 0 {
		p.logger.Warn("dropped points of new streams: max_streams reached", zap.Int("points", r.refused), zap.Int("max_streams", p.cfg.MaxStreams))
	}
	if len(r.changed) == 0 {
		p.telemetry.record(ctx, r, 0)
	} else {
		streams := make([]*stream, len(r.changed))
		for i, key := range r.changed {
			streams[i] = r.pending[key]
		}
		record := pmetric.NewMetrics()
		appendStreams(record, streams)
		before := p.journal.size
		if err := p.journal.append(record); err != nil {
			p.logger.Warn("refusing metrics: the running totals could not be journalled", zap.Error(err))
			return err
		}
		p.telemetry.record(ctx, r, p.journal.size-before)
		for key, st := range r.pending {
			p.store.streams[key] = st
		}
		if p.journal.grown > p.cfg.CompactAfterBytes && p.journal.grown > p.journal.size-p.journal.grown {
			if err := p.snapshotLocked(); err != nil {
				p.logger.Warn("rewriting the running totals' journal failed; it keeps growing", zap.Error(err))
			}
		}
	}
	if md.ResourceMetrics().Len() == 0 {
		return nil
	}
	return p.next.ConsumeMetrics(ctx, md)
}

// recordsLocked returns every live stream as cumulative points, a bounded number of streams per Metrics.
func (p *durableCumulative) recordsLocked() []pmetric.Metrics {
	var records []pmetric.Metrics
	batch := make([]*stream, 0, streamsPerRecord)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		md := pmetric.NewMetrics()
		appendStreams(md, batch)
		records = append(records, md)
		batch = batch[:0]
	}
	for _, st := range p.store.streams {
		batch = append(batch, st)
		if len(batch) == streamsPerRecord {
			flush()
		}
	}
	flush()
	return records
}

func (p *durableCumulative) snapshotLocked() error {
	return p.journal.snapshot(p.recordsLocked())
}

func (p *durableCumulative) forgetStaleLoop() {
	defer close(p.done)
	interval := p.cfg.MaxStale / 4
	if interval > time.Minute {
		interval = time.Minute
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-ticker.C:
			p.mu.Lock()
			if p.store.forgetStale(now.Add(-p.cfg.MaxStale)) > 0 && p.journal != nil {
				if err := p.snapshotLocked(); err != nil {
					p.logger.Warn("rewriting the running totals' journal failed", zap.Error(err))
				}
			}
			p.mu.Unlock()
		}
	}
}
