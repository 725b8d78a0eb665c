// Package deploytest runs moto_server, the AWS emulator, for end-to-end tests of
// stack launches.
package deploytest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// RequireEnv makes a missing moto_server fail the tests instead of skipping them.
const RequireEnv = "CFN_LSP_REQUIRE_MOTO"

// Region is the region tests use.
const Region = "us-east-1"

// Credentials are the fake static credentials tests use.
var Credentials aws.CredentialsProvider = credentials.NewStaticCredentialsProvider("testing", "testing", "")

// URLEnv names an already running moto_server to use instead of starting one.
const URLEnv = "CFN_LSP_MOTO_URL"

// Server is a running moto_server.
type Server struct {
	URL  string
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{} // closed once the process is reaped
}

var (
	once   sync.Once
	shared *Server
	err    error
)

// Shared returns the package's moto_server, starting it on first use. It skips
// the test when moto_server is not installed, unless CFN_LSP_REQUIRE_MOTO=1.
// Call Stop from TestMain.
func Shared(t testing.TB) *Server {
	t.Helper()
	if u := os.Getenv(URLEnv); u != "" {
		return &Server{URL: u}
	}
	if _, lerr := exec.LookPath("moto_server"); lerr != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("moto_server is required (%s=1) but not found: %v", RequireEnv, lerr)
		}
		t.Skip("moto_server not installed; set " + RequireEnv + "=1 to make this a failure")
	}
	once.Do(func() { shared, err = Start() })
	if err != nil {
		t.Fatalf("starting moto_server: %v", err)
	}
	return shared
}

// Main runs a package's tests, then stops the shared server they may have
// started: the TestMain of every package whose tests use moto_server.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the shared server if it was started.
func Stop() {
	if shared != nil {
		shared.Stop()
	}
}

// Start runs moto_server on a free loopback port and waits (at most 60 s) until
// it answers.
func Start() (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.CreateTemp("", "moto-*.log")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("moto_server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, log: logf, done: make(chan struct{})}
	exited := make(chan error, 1)
	go func() {
		exited <- cmd.Wait()
		close(s.done)
	}()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			out, _ := os.ReadFile(logf.Name())
			return nil, fmt.Errorf("moto_server exited: %v\n%s", err, out)
		case <-time.After(150 * time.Millisecond):
		}
		resp, err := client.Get(s.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
	}
	s.Stop()
	return nil, fmt.Errorf("moto_server did not answer on %s within 60s", s.URL)
}

// Stop kills the server's process group.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	if s.cmd.Process != nil {
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		select { // reap it, so no zombie outlives the tests
		case <-s.done:
		case <-time.After(10 * time.Second):
		}
	}
	s.log.Close()
	os.Remove(s.log.Name())
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
