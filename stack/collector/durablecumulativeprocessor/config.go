package durablecumulativeprocessor

import (
	"errors"
	"time"
)

// Config of the durablecumulative processor.
type Config struct {
	// Directory holds the journal of running totals. It must survive a restart of the collector.
	Directory string `mapstructure:"directory"`
	// MaxStale forgets a stream that received no point for this long (as deltatocumulative's max_stale).
	MaxStale time.Duration `mapstructure:"max_stale"`
	// MaxStreams refuses points of new streams beyond this many tracked ones.
	MaxStreams int `mapstructure:"max_streams"`
	// CompactAfterBytes rewrites the journal as a snapshot once it has grown by this many bytes past the last one.
	CompactAfterBytes int64 `mapstructure:"compact_after_bytes"`
	// Fsync flushes the journal to the disk before answering; without it a write reaches the page cache, which
	// survives a killed collector but not a power cut.
	Fsync bool `mapstructure:"fsync"`
	// StampOnArrival adds every point whatever its timestamp and stamps the totals with the collector's clock: a
	// stream starts 5 s before its first point arrives (startLead) and its total is timed by its latest point's arrival. For sums made
	// inside the collector (the count connector), which no client retries and which carry their log records' times:
	// two batches can carry the same time, or an earlier one, and both must be counted. Without it (the default),
	// a point not newer than its stream's last one is a client's retry and is dropped.
	StampOnArrival bool `mapstructure:"stamp_on_arrival"`
}

func createDefaultConfig() *Config {
	return &Config{
		MaxStale:          5 * time.Minute,
		MaxStreams:        1_000_000,
		CompactAfterBytes: 64 << 20,
	}
}

// Validate is called by the collector when it loads the configuration.
func (c *Config) Validate() error {
	if c.Directory == "" {
		return errors.New("directory must be set: the running totals are kept there across restarts")
	}
	if c.MaxStale <= 0 {
		return errors.New("max_stale must be positive")
	}
	if c.MaxStreams <= 0 {
		return errors.New("max_streams must be positive")
	}
	if c.CompactAfterBytes <= 0 {
		return errors.New("compact_after_bytes must be positive")
	}
	return nil
}
