package durablecumulativeprocessor

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"go.opentelemetry.io/collector/pdata/pmetric"
)

const (
	journalName = "cumulative-totals.journal"
	// Each record: payload length and CRC-32 (little endian), then an OTLP ExportMetricsServiceRequest.
	recordHeaderSize = 8
	maxRecordSize    = 1 << 30
)

// journal is an append-only file of cumulative points: each record holds the new totals of the streams one request
// changed, so the last record that names a stream holds its total. A snapshot rewrites it with one entry per live
// stream when it has grown enough.
type journal struct {
	dir   string
	file  *os.File
	size  int64
	grown int64 // bytes appended since the last snapshot
	fsync bool
}

var (
	marshaler   pmetric.ProtoMarshaler
	unmarshaler pmetric.ProtoUnmarshaler
)

// openJournal replays the journal into apply, cuts off a torn last record (a write the kill interrupted, which was
// never acknowledged) and opens it for appending.
func openJournal(dir string, fsync bool, apply func(pmetric.Metrics)) (*journal, int, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, 0, fmt.Errorf("creating %s: %w", dir, err)
	}
	path := filepath.Join(dir, journalName)
	file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, 0, fmt.Errorf("opening %s: %w", path, err)
	}
	good, records, err := replay(file, apply)
	if err != nil {
		file.Close()
		return nil, 0, fmt.Errorf("reading %s: %w", path, err)
	}
	if err := file.Truncate(good); err != nil {
		file.Close()
		return nil, 0, fmt.Errorf("truncating %s: %w", path, err)
	}
	if _, err := file.Seek(good, io.SeekStart); err != nil {
		file.Close()
		return nil, 0, err
	}
	return &journal{dir: dir, file: file, size: good, fsync: fsync}, records, nil
}

// replay applies every whole record and returns the offset just past the last one.
func replay(file *os.File, apply func(pmetric.Metrics)) (int64, int, error) {
	reader := bufio.NewReaderSize(file, 1<<20)
	var offset int64
	records := 0
	header := make([]byte, recordHeaderSize)
	for {
		if _, err := io.ReadFull(reader, header); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return offset, records, nil
			}
			return 0, 0, err
		}
		size := binary.LittleEndian.Uint32(header[0:4])
		sum := binary.LittleEndian.Uint32(header[4:8])
		if size > maxRecordSize {
			return offset, records, nil
		}
		payload := make([]byte, size)
		if _, err := io.ReadFull(reader, payload); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return offset, records, nil
			}
			return 0, 0, err
		}
		if crc32.ChecksumIEEE(payload) != sum {
			return offset, records, nil
		}
		md, err := unmarshaler.UnmarshalMetrics(payload)
		if err != nil {
			return offset, records, nil
		}
		apply(md)
		offset += recordHeaderSize + int64(size)
		records++
	}
}

func encodeRecord(md pmetric.Metrics) ([]byte, error) {
	payload, err := marshaler.MarshalMetrics(md)
	if err != nil {
		return nil, err
	}
	record := make([]byte, recordHeaderSize, recordHeaderSize+len(payload))
	binary.LittleEndian.PutUint32(record[0:4], uint32(len(payload)))
	binary.LittleEndian.PutUint32(record[4:8], crc32.ChecksumIEEE(payload))
	return append(record, payload...), nil
}

// append writes one record with a single write. On failure (disk full) the file is cut back to where it was, so a
// half-written record never precedes later ones.
func (j *journal) append(md pmetric.Metrics) error {
	record, err := encodeRecord(md)
	if err != nil {
		return err
	}
	if _, err := j.file.Write(record); err != nil {
		_ = j.file.Truncate(j.size)
		_, _ = j.file.Seek(j.size, io.SeekStart)
		return fmt.Errorf("writing the running totals' journal: %w", err)
	}
	if j.fsync {
		if err := j.file.Sync(); err != nil {
			return fmt.Errorf("syncing the running totals' journal: %w", err)
		}
	}
	j.size += int64(len(record))
	j.grown += int64(len(record))
	return nil
}

// snapshot replaces the journal with the given records (the live streams), atomically: a crash leaves either the
// old journal or the new one.
func (j *journal) snapshot(records []pmetric.Metrics) error {
	path := filepath.Join(j.dir, journalName)
	tmpPath := path + ".snapshot"
	tmp, err := os.OpenFile(tmpPath, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	var size int64
	writer := bufio.NewWriterSize(tmp, 1<<20)
	for _, md := range records {
		record, err := encodeRecord(md)
		if err == nil {
			_, err = writer.Write(record)
		}
		if err != nil {
			tmp.Close()
			os.Remove(tmpPath)
			return err
		}
		size += int64(len(record))
	}
	if err := writer.Flush(); err != nil {
		tmp.Close()
		os.Remove(tmpPath)
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmpPath)
		return err
	}
	if err := os.Rename(tmpPath, path); err != nil {
		tmp.Close()
		os.Remove(tmpPath)
		return err
	}
	if dir, err := os.Open(j.dir); err == nil {
		_ = dir.Sync()
		dir.Close()
	}
	j.file.Close()
	j.file = tmp
	j.size = size
	j.grown = 0
	return nil
}

func (j *journal) close() error {
	if j.file == nil {
		return nil
	}
	err := j.file.Sync()
	if cerr := j.file.Close(); err == nil {
		err = cerr
	}
	j.file = nil
	return err
}
