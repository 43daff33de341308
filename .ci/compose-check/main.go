// compose-check loads a Compose file the way `docker compose` does, with the Compose
// Specification's own loader (compose-go), and prints the resolved project as JSON. Loading
// validates the file against the specification's JSON schema, interpolates ${VARIABLES} from the
// environment, and checks the model's consistency (every service, network, volume, secret and
// config a service names is declared). It needs no container engine, which is why it exists:
// .ci/deploy-check.sh runs it on deploy/compose.yaml.
//
//	compose-check FILE
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check COMPOSE_FILE")
		os.Exit(2)
	}
	file := os.Args[1]
	options, err := cli.NewProjectOptions([]string{file},
		// As `docker compose -f FILE`: paths and the .env file are relative to the file's folder.
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithOsEnv,
		cli.WithEnvFiles(),
		cli.WithDotEnv,
		cli.WithConsistency(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
	os.Exit(1)
}
