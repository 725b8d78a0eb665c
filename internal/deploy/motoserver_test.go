package deploy

import (
	"context"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy/deploytest"
)

func TestMain(m *testing.M) { deploytest.Main(m) }

// motoClient starts (once) moto_server on a free loopback port and returns a
// client pointed at it with fake static credentials. Tests skip when moto_server
// is missing, unless CFN_LSP_REQUIRE_MOTO=1.
func motoClient(t *testing.T) (*Client, context.Context) {
	t.Helper()
	srv := deploytest.Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	c, err := NewClient(ctx, AWSOptions{Region: deploytest.Region, EndpointURL: srv.URL, Credentials: deploytest.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	c.Poll = 50 * time.Millisecond
	return c, ctx
}
