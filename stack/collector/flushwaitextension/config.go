package flushwaitextension

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Config says how long a server may hold an accepted write in memory, and where to read whether it restarted.
type Config struct {
	// Hold is how long after a 2xx answer the server may still lose the write to a crash (VictoriaLogs: its 1 s
	// pending-rows buffer, then an in-memory part written to disk within two -inmemoryDataFlushInterval ticks).
	// 0 answers at once, as without this extension.
	Hold time.Duration `mapstructure:"hold"`
	// Servers is a comma-separated list of base URLs whose /metrics carry the process start time: first the server
	// written to, then, in a cluster, every node the write passes through or rests on.
	Servers string `mapstructure:"servers"`
	// StartTimeMetric names the gauge with the process start time in Unix seconds.
	StartTimeMetric string `mapstructure:"start_time_metric"`
	// ProbeTimeout bounds one read of a server's /metrics.
	ProbeTimeout time.Duration `mapstructure:"probe_timeout"`
	// UnreachableWait is how long a held write waits for an unreachable server to answer again (its start time
	// then tells whether it kept the write) before the write is sent again anyway. Waiting sends each held write
	// again at most once per outage; giving up at once would send it again after every hold the outage lasts.
	UnreachableWait time.Duration `mapstructure:"unreachable_wait"`
}

func createDefaultConfig() *Config {
	return &Config{
		Hold:            4 * time.Second,
		StartTimeMetric: "process_start_time_seconds",
		ProbeTimeout:    5 * time.Second,
		UnreachableWait: 20 * time.Second,
	}
}

// serverURLs splits Servers into its base URLs.
func (c *Config) serverURLs() []string {
	var urls []string
	for _, s := range strings.Split(c.Servers, ",") {
		if s = strings.TrimSpace(s); s != "" {
			urls = append(urls, strings.TrimRight(s, "/"))
		}
	}
	return urls
}

// Validate checks the configuration when the collector starts.
func (c *Config) Validate() error {
	if c.Hold < 0 {
		return errors.New("hold must not be negative")
	}
	if c.Hold == 0 {
		return nil
	}
	urls := c.serverURLs()
	if len(urls) == 0 {
		return errors.New("servers must name at least one base URL when hold is above 0")
	}
	for _, u := range urls {
		parsed, err := url.Parse(u)
		if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
			return fmt.Errorf("servers: %q is not an http(s) base URL", u)
		}
	}
	if c.StartTimeMetric == "" {
		return errors.New("start_time_metric must name a gauge")
	}
	if c.ProbeTimeout <= 0 {
		return errors.New("probe_timeout must be above 0")
	}
	if c.UnreachableWait < 0 {
		return errors.New("unreachable_wait must not be negative")
	}
	return nil
}
