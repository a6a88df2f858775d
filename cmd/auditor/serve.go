package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/serve"
)

func serveCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "open the audit as a page in the browser on this computer (loopback only)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:0", Usage: "loopback address and port to listen on (0: a free port)"},
			&cli.BoolFlag{Name: "no-browser", Usage: "print the address but do not open a browser"},
			&cli.StringFlag{Name: "tz", Value: "Asia/Shanghai", Usage: "time zone for the default as-of date"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("cli.usage.unexpected_argument", catalog.Args{"command": "serve", "arg": strconv.Quote(c.Args().First())})
			}
			loc, err := time.LoadLocation(c.String("tz"))
			if err != nil {
				return usage("cli.usage.tz", catalog.Args{"tz": strconv.Quote(c.String("tz"))})
			}
			l, err := serve.Listen(c.String("addr"))
			if err != nil {
				return usageOf(err)
			}
			srv, err := serve.New(serve.Config{
				ToolVersion: version,
				// The page's default as-of date, read from the clock here as
				// for --as-of.
				Today: func() audit.Date { return audit.DateOf(time.Now().In(loc)) },
				// The reports' generation time, as the CLI's (SOURCE_DATE_EPOCH).
				Now: generationTime,
			})
			if err != nil {
				l.Close()
				return err
			}
			// The uploads are personal data of the whole enterprise: a
			// failure to remove them is the command's error.
			removeUploads := func() error {
				if err := srv.Close(); err != nil {
					return fmt.Errorf("auditor serve: uploads and reports not removed from %s: %w", srv.Dir(), err)
				}
				return nil
			}
			url := srv.URL(l.Addr())
			// One line, the whole address: scripts and people copy it.
			fmt.Fprintln(stdout, url)
			fmt.Fprintln(stderr, "auditor serve: the page is open at the address above; press Ctrl+C (or close this window) to stop. Uploads are kept in", srv.Dir(), "until then.")
			if !c.Bool("no-browser") {
				// A file that forwards to the address: the token stays off
				// the opener's command line.
				if err := openBrowserFile(srv, l); err != nil {
					fmt.Fprintln(stderr, "auditor serve: could not open a browser (", err, "): open the address above yourself.")
				}
			}
			stop := make(chan os.Signal, 1)
			// Ctrl+C, SIGTERM, SIGHUP (terminal closed); on Windows, closing
			// the console window arrives as SIGTERM.
			signal.Notify(stop, serve.StopSignals...)
			defer signal.Stop(stop)
			done := make(chan error, 1)
			go func() { done <- srv.Serve(l) }()
			select {
			case <-stop:
				l.Close()
				// nil for the closed listener; anything else is Serve's own.
				serveErr := <-done
				// Removed before anything is written: after SIGHUP the
				// terminal may be gone, and a write to it could end us.
				if err := removeUploads(); err != nil {
					return errors.Join(serveErr, err)
				}
				fmt.Fprintln(stderr, "auditor serve: stopped; uploads and reports removed.")
				return serveErr
			case err := <-done:
				return errors.Join(err, removeUploads())
			}
		},
	}
}

// openBrowserFile opens the browser on the server's forwarding file.
func openBrowserFile(srv *serve.Server, l net.Listener) error {
	p, err := srv.OpenerFile(l.Addr())
	if err != nil {
		return err
	}
	return openBrowser(p)
}

// openBrowser opens url in the default browser, as each system's own
// opener does.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	// Reap it; the browser lives on its own, and how the opener exits
	// is not this command's business.
	go func() { _ = cmd.Wait() }()
	return nil
}
