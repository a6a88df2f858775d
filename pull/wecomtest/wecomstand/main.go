// Command wecomstand serves a generated enterprise on a loopback address
// with the wecomtest stand-in, for bench/pull.sh: `auditor pull` then runs
// as its own process, so that its time and peak memory are its own.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/wecom-audit/auditor/pull/wecomtest"
)

func main() {
	members := flag.Int("members", 20000, "members to generate")
	customers := flag.Int("customers", 1000000, "member–customer relationships to generate")
	creds := flag.String("credentials", "", "write the stand-in's credentials here as YAML (mode 600)")
	flag.Parse()
	e := wecomtest.Generate(*members, *customers)
	if *creds != "" {
		y := fmt.Sprintf("corpid: %s\ncontact_secret: %s\naddressbook_secret: %s\n", e.CorpID, e.ContactSecret, e.AddressbookSecret)
		if err := os.WriteFile(*creds, []byte(y), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	_, h := wecomtest.NewHandler(e, wecomtest.Knobs{})
	// os.Stdout is not buffered: the line is out once Printf returns.
	fmt.Printf("http://%s\n", ln.Addr())
	if err := http.Serve(ln, h); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
