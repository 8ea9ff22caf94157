// Package watch reports which files of a site changed, in coalesced batches:
// it takes a site root plus the directories (watched recursively) and single
// files to watch, and yields sorted slash paths relative to the root. It knows
// nothing about what the files mean or how the site is built.
//
// # API
//
//	w, err := watch.New(root, []string{"content", "templates", "static"}, []string{"keel.yaml"}, watch.Options{})
//	for b := range w.Batches() { rebuild(b.Paths) } // b.First is when the first event arrived
//	w.Close()
//
// # What a batch contains
//
// Batch.Paths lists every file that was created, written, removed or renamed
// (under its old and its new name), and every directory that appeared or
// disappeared together with the files under it. A consumer stats each path:
// a regular file is (re)read, a missing path means "drop everything at or
// under it", a directory can be ignored because its files are listed too.
//
// Editor droppings never appear: backup and swap files (see [Ignored]) are
// filtered by name, and a path that did not exist before the batch and does
// not exist after it (the temporary file of a write-then-rename save) is
// dropped. A rename-save therefore shows up as the target path only.
//
// # Coalescing
//
// A batch is sent when no event has arrived for Options.Debounce (10ms), or
// a longer quiet window once the batch is a burst of many paths, and at the
// latest Options.MaxWait after its first event. While the consumer is busy
// (rebuilding), new events keep joining the pending batch, so a git checkout
// of a thousand files becomes one batch.
//
// # Fallback to polling
//
// fsnotify has no recursive watch, so every directory is added on its own
// and directories created later are added (and scanned, for files written
// before the watch existed) as they appear. When the system refuses a watch
// (ENOSPC: inotify's max_user_watches; EMFILE: too many instances or open
// files), the watcher logs once and polls that tree instead: a scan of mtime
// and size every Options.PollInterval. Options.Poll forces polling
// everywhere. Polling cannot see an edit that keeps a file's size within
// the file system's timestamp granularity (a few milliseconds); it is a
// fallback, not the normal path.
package watch
