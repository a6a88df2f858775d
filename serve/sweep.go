package serve

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// folderPrefix names every server's private folder in the temp folder.
const folderPrefix = "auditor-serve-"

// staleAge is how old a folder without a readable owner must be before it
// is swept: a folder made by a version before the owner file, or by a
// server killed between making the folder and writing its owner. A day is
// far longer than the moment between the two, and a server of an earlier
// version still running a day later is improbable (its uploads would then
// go; its page would say the files are gone).
const staleAge = 24 * time.Hour

// sweepStale removes the private folders that earlier servers of this
// user could not remove: killed (SIGKILL, a crash, the power), so Close
// never ran. A folder is removed when its owner file names a process that
// is gone, or, without a readable owner file, when it is older than
// staleAge. A folder whose owner is alive is kept, whoever that is (a
// process id reused by another program keeps its folder until that
// program ends). Symbolic links and other users' folders are left alone
// (removal fails on those; nothing is forced). now is the file-system
// clock's present, for the age; it returns what was removed.
func sweepStale(tempDir string, now time.Time) []string {
	if tempDir == "" {
		tempDir = os.TempDir()
	}
	entries, err := os.ReadDir(tempDir)
	if err != nil {
		return nil
	}
	var swept []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), folderPrefix) || e.Type()&os.ModeSymlink != 0 || !e.IsDir() {
			continue
		}
		dir := filepath.Join(tempDir, e.Name())
		info, err := os.Lstat(dir)
		if err != nil || !info.IsDir() || !ownedByMe(info) {
			continue
		}
		if b, err := os.ReadFile(filepath.Join(dir, ownerFile)); err == nil {
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err == nil && pid > 0 && (pid == os.Getpid() || processAlive(pid)) {
				// Ours is made after the sweep, so a folder naming this
				// process is an earlier one whose id was reused: it goes
				// only when old.
				if pid != os.Getpid() || now.Sub(info.ModTime()) < staleAge {
					continue
				}
			} else if err != nil && now.Sub(info.ModTime()) < staleAge {
				continue
			}
		} else if now.Sub(info.ModTime()) < staleAge {
			continue
		}
		if os.RemoveAll(dir) == nil {
			swept = append(swept, dir)
		}
	}
	return swept
}
