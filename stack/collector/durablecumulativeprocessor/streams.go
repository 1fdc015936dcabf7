package durablecumulativeprocessor

import (
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

// stream is one running total. Its resource, scope and metric descriptor are shared with the other streams that
// have them; attrs is the stream's own copy and never changes once made.
type stream struct {
	resource *resourceRef
	scope    *scopeRef
	metric   *metricRef
	attrs    pcommon.Map

	start, last pcommon.Timestamp
	// A sum's total.
	isInt       bool
	intValue    int64
	doubleValue float64
	// A histogram's totals (its attributes and exemplars are left empty), for metric.kind == histogram.
	histogram pmetric.HistogramDataPoint
	// seen is when the stream last took a point (the point's own time for streams read back from the journal).
	seen time.Time
}

type resourceRef struct {
	schemaURL string
	resource  pcommon.Resource
}

type scopeRef struct {
	schemaURL string
	scope     pcommon.InstrumentationScope
}

type metricRef struct {
	kind                    pmetric.MetricType // MetricTypeSum or MetricTypeHistogram
	name, description, unit string
	monotonic               bool
}

// store holds every tracked stream and interns what streams share, so a hundred thousand session streams of one
// user carry one copy of that user's resource.
type store struct {
	streams   map[streamKey]*stream
	resources map[uint64]*resourceRef
	scopes    map[uint64]*scopeRef
	metrics   map[uint64]*metricRef
}

func newStore() *store {
	return &store{
		streams:   map[streamKey]*stream{},
		resources: map[uint64]*resourceRef{},
		scopes:    map[uint64]*scopeRef{},
		metrics:   map[uint64]*metricRef{},
	}
}

func (s *store) internResource(key uint64, rm pmetric.ResourceMetrics) *resourceRef {
	if ref, ok := s.resources[key]; ok {
		return ref
	}
	ref := &resourceRef{schemaURL: rm.SchemaUrl(), resource: pcommon.NewResource()}
	rm.Resource().CopyTo(ref.resource)
	s.resources[key] = ref
	return ref
}

func (s *store) internScope(key uint64, sm pmetric.ScopeMetrics) *scopeRef {
	if ref, ok := s.scopes[key]; ok {
		return ref
	}
	ref := &scopeRef{schemaURL: sm.SchemaUrl(), scope: pcommon.NewInstrumentationScope()}
	sm.Scope().CopyTo(ref.scope)
	s.scopes[key] = ref
	return ref
}

func (s *store) internMetric(key uint64, m pmetric.Metric) *metricRef {
	if ref, ok := s.metrics[key]; ok {
		return ref
	}
	ref := &metricRef{kind: m.Type(), name: m.Name(), description: m.Description(), unit: m.Unit()}
	if m.Type() == pmetric.MetricTypeSum {
		ref.monotonic = m.Sum().IsMonotonic()
	}
	s.metrics[key] = ref
	return ref
}

// forgetStale drops streams not seen since the cutoff and rebuilds the intern tables from what is left, so that
// nothing a dropped stream alone used stays in memory. It returns how many streams were dropped.
func (s *store) forgetStale(cutoff time.Time) int {
	dropped := 0
	for key, st := range s.streams {
		if st.seen.Before(cutoff) {
			delete(s.streams, key)
			dropped++
		}
	}
	if dropped == 0 {
		return 0
	}
	live := map[*resourceRef]bool{}
	liveScopes := map[*scopeRef]bool{}
	liveMetrics := map[*metricRef]bool{}
	for _, st := range s.streams {
		live[st.resource] = true
		liveScopes[st.scope] = true
		liveMetrics[st.metric] = true
	}
	for k, ref := range s.resources {
		if !live[ref] {
			delete(s.resources, k)
		}
	}
	for k, ref := range s.scopes {
		if !liveScopes[ref] {
			delete(s.scopes, k)
		}
	}
	for k, ref := range s.metrics {
		if !liveMetrics[ref] {
			delete(s.metrics, k)
		}
	}
	return dropped
}

// newStream starts a total from a stream's first point: a sum point or a histogram point.
func newSumStream(dp pmetric.NumberDataPoint) stream {
	st := stream{start: dp.StartTimestamp(), last: dp.Timestamp(), attrs: pcommon.NewMap()}
	dp.Attributes().CopyTo(st.attrs)
	st.isInt = dp.ValueType() == pmetric.NumberDataPointValueTypeInt
	if st.isInt {
		st.intValue = dp.IntValue()
	} else {
		st.doubleValue = dp.DoubleValue()
	}
	return st
}

func newHistogramStream(dp pmetric.HistogramDataPoint) stream {
	st := stream{start: dp.StartTimestamp(), last: dp.Timestamp(), attrs: pcommon.NewMap()}
	dp.Attributes().CopyTo(st.attrs)
	st.histogram = pmetric.NewHistogramDataPoint()
	dp.CopyTo(st.histogram)
	st.histogram.Attributes().Clear()
	st.histogram.Exemplars().RemoveIf(func(pmetric.Exemplar) bool { return true })
	return st
}

// writeSum writes the stream's total into a cumulative sum point.
func (st *stream) writeSum(dp pmetric.NumberDataPoint) {
	dp.SetStartTimestamp(st.start)
	dp.SetTimestamp(st.last)
	if st.isInt {
		dp.SetIntValue(st.intValue)
	} else {
		dp.SetDoubleValue(st.doubleValue)
	}
}

// writeHistogram writes the stream's totals into a cumulative histogram point, keeping the point's attributes.
func (st *stream) writeHistogram(dp pmetric.HistogramDataPoint) {
	attrs := pcommon.NewMap()
	dp.Attributes().MoveTo(attrs)
	st.histogram.CopyTo(dp)
	attrs.MoveTo(dp.Attributes())
	dp.SetStartTimestamp(st.start)
	dp.SetTimestamp(st.last)
}

// addSum returns the stream with a DELTA point added. Ints stay ints; a double anywhere makes the total a double.
func (st stream) addSum(dp pmetric.NumberDataPoint) stream {
	switch {
	case st.isInt && dp.ValueType() == pmetric.NumberDataPointValueTypeInt:
		st.intValue += dp.IntValue()
	case st.isInt:
		st.isInt = false
		st.doubleValue = float64(st.intValue) + dp.DoubleValue()
		st.intValue = 0
	case dp.ValueType() == pmetric.NumberDataPointValueTypeInt:
		st.doubleValue += float64(dp.IntValue())
	default:
		st.doubleValue += dp.DoubleValue()
	}
	st.last = dp.Timestamp()
	return st
}

// addHistogram returns the stream with a DELTA histogram point added. A point with other bucket bounds cannot be
// added: the total starts again from it (with its own start time, which Prometheus reads as a reset).
func (st stream) addHistogram(dp pmetric.HistogramDataPoint) stream {
	total := st.histogram
	if !total.ExplicitBounds().Equal(dp.ExplicitBounds()) || total.BucketCounts().Len() != dp.BucketCounts().Len() {
		next := newHistogramStream(dp)
		next.attrs = st.attrs
		return next
	}
	sum := pmetric.NewHistogramDataPoint()
	total.CopyTo(sum)
	sum.SetCount(total.Count() + dp.Count())
	if total.HasSum() && dp.HasSum() {
		sum.SetSum(total.Sum() + dp.Sum())
	} else {
		sum.RemoveSum()
	}
	if dp.HasMin() && (!total.HasMin() || dp.Min() < total.Min()) {
		sum.SetMin(dp.Min())
	}
	if dp.HasMax() && (!total.HasMax() || dp.Max() > total.Max()) {
		sum.SetMax(dp.Max())
	}
	buckets := sum.BucketCounts()
	for i := 0; i < buckets.Len(); i++ {
		buckets.SetAt(i, buckets.At(i)+dp.BucketCounts().At(i))
	}
	st.histogram = sum
	st.last = dp.Timestamp()
	return st
}

// appendStreams writes streams as cumulative sums into md, one resource, scope and metric entry per shared one.
func appendStreams(md pmetric.Metrics, streams []*stream) {
	type scopeKey struct {
		r *resourceRef
		s *scopeRef
	}
	type metricKey struct {
		scopeKey
		m *metricRef
	}
	resources := map[*resourceRef]pmetric.ResourceMetrics{}
	scopes := map[scopeKey]pmetric.ScopeMetrics{}
	metrics := map[metricKey]pmetric.Metric{}
	for _, st := range streams {
		rm, ok := resources[st.resource]
		if !ok {
			rm = md.ResourceMetrics().AppendEmpty()
			rm.SetSchemaUrl(st.resource.schemaURL)
			st.resource.resource.CopyTo(rm.Resource())
			resources[st.resource] = rm
		}
		sk := scopeKey{st.resource, st.scope}
		sm, ok := scopes[sk]
		if !ok {
			sm = rm.ScopeMetrics().AppendEmpty()
			sm.SetSchemaUrl(st.scope.schemaURL)
			st.scope.scope.CopyTo(sm.Scope())
			scopes[sk] = sm
		}
		mk := metricKey{sk, st.metric}
		m, ok := metrics[mk]
		if !ok {
			m = sm.Metrics().AppendEmpty()
			m.SetName(st.metric.name)
			m.SetDescription(st.metric.description)
			m.SetUnit(st.metric.unit)
			if st.metric.kind == pmetric.MetricTypeHistogram {
				m.SetEmptyHistogram().SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
			} else {
				sum := m.SetEmptySum()
				sum.SetIsMonotonic(st.metric.monotonic)
				sum.SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
			}
			metrics[mk] = m
		}
		if st.metric.kind == pmetric.MetricTypeHistogram {
			dp := m.Histogram().DataPoints().AppendEmpty()
			st.writeHistogram(dp)
			st.attrs.CopyTo(dp.Attributes())
		} else {
			dp := m.Sum().DataPoints().AppendEmpty()
			st.attrs.CopyTo(dp.Attributes())
			st.writeSum(dp)
		}
	}
}
