package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
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
				return usagef("serve: unexpected argument %q", c.Args().First())
			}
			loc, err := time.LoadLocation(c.String("tz"))
			if err != nil {
				return usagef("--tz %q: unknown time zone", c.String("tz"))
			}
			l, err := serve.Listen(c.String("addr"))
			if err != nil {
				return usageError{err.Error()}
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
			defer srv.Close()
			url := srv.URL(l.Addr())
			// One line, the whole address: scripts and people copy it.
			fmt.Fprintln(stdout, url)
			fmt.Fprintln(stderr, "auditor serve: the page is open at the address above; press Ctrl+C (or close this window) to stop. Uploads are kept in", srv.Dir(), "until then.")
			if !c.Bool("no-browser") {
				if err := openBrowser(url); err != nil {
					fmt.Fprintln(stderr, "auditor serve: could not open a browser (", err, "): open the address above yourself.")
				}
			}
			stop := make(chan os.Signal, 1)
			// On Windows, closing the console window arrives as SIGTERM.
			signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
			defer signal.Stop(stop)
			done := make(chan error, 1)
			go func() { done <- srv.Serve(l) }()
			select {
			case <-stop:
				l.Close()
				<-done
				fmt.Fprintln(stderr, "auditor serve: stopped; uploads and reports removed.")
				return nil
			case err := <-done:
				return err
			}
		},
	}
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
	go cmd.Wait() // reap it; the browser lives on its own
	return nil
}
