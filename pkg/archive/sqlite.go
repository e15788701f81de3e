package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // pure Go: the static builds for every platform keep working
)

// DefaultDataDir is Grafana's data directory in its packages and Docker image,
// used when GF_PATHS_DATA is not set.
const DefaultDataDir = "/var/lib/grafana"

// DefaultSQLitePath is the archive file of a data source: under Grafana's data
// directory (GF_PATHS_DATA when Grafana passes it), one file per data source uid.
func DefaultSQLitePath(datasourceUID string) string {
	dir := os.Getenv("GF_PATHS_DATA")
	if dir == "" {
		dir = DefaultDataDir
	}
	return filepath.Join(dir, "exotrace-archive", safeName(datasourceUID)+".sqlite")
}

// safeName keeps letters, digits, '-' and '_' so a uid can name a file.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "default"
	}
	return b.String()
}

const sqliteSchema = `
CREATE TABLE IF NOT EXISTS traces (
	received   INTEGER NOT NULL,
	id         BLOB    NOT NULL,
	recipient  TEXT    NOT NULL,
	message_id TEXT    NOT NULL,
	sender     TEXT    NOT NULL,
	subject    TEXT    NOT NULL,
	size       INTEGER NOT NULL,
	from_ip    TEXT    NOT NULL,
	to_ip      TEXT    NOT NULL,
	status     INTEGER NOT NULL,
	PRIMARY KEY (received, id, recipient)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hours (
	start   INTEGER PRIMARY KEY,
	fetched INTEGER NOT NULL,
	rows    INTEGER NOT NULL
);
PRAGMA user_version = 1;
`

// OpenSQLite opens (creating if needed) the archive file at path in WAL mode.
// Commits are synchronous (fsync of the WAL), so a window reported written
// survives a crash of the process or the machine.
func OpenSQLite(ctx context.Context, path string) (Archive, error) {
	if path == "" {
		return nil, configError("the SQLite archive path is empty")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, configError("cannot create the archive directory %s: %v", filepath.Dir(path), err)
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(OFF)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers queue on busy_timeout instead of failing to upgrade
	db, err := sql.Open("sqlite", fileURI(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open SQLite archive %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	if err := initSQLite(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open SQLite archive %s: %w", path, err)
	}
	return newSQLArchive(db, dialect{
		kind:  KindSQLite,
		param: func(int) string { return "?" },
		size:  func(context.Context, *sql.DB) (int64, error) { return sqliteSize(path) },
	}), nil
}

// fileURI is path as an SQLite URI filename: forward slashes, a leading slash
// before a Windows drive, and the characters URIs reserve escaped.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if filepath.VolumeName(path) != "" {
		p = "/" + p
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	return "file:" + p
}

func initSQLite(ctx context.Context, db *sql.DB) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want wal (is the file on a network file system?)", mode)
	}
	if _, err := db.ExecContext(ctx, sqliteSchema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	return nil
}

// sqliteSize is the database file plus its write-ahead log.
func sqliteSize(path string) (int64, error) {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		st, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, err
		}
		n += st.Size()
	}
	return n, nil
}
