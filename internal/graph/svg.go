package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"
)

// Renderers of SVG: Graphviz built into cfn-lsp-graphviz (Go and
// WebAssembly, installed beside cfn-lsp), or an installed Graphviz's dot.
const (
	RendererGo  = "go"
	RendererDot = "dot"
)

// HelperEnv names the cfn-lsp-graphviz program to run, overriding the one
// beside the running executable and on PATH (tests set it).
const HelperEnv = "CFN_LSP_GRAPHVIZ"

const helperName = "cfn-lsp-graphviz"

// renderTimeout bounds one rendering: a huge graph must not hang a command.
const renderTimeout = time.Minute

// maxSVG bounds the drawing read back.
const maxSVG = 64 << 20

// SVG renders g as SVG with the renderer named (RendererGo when "").
func (g *Graph) SVG(ctx context.Context, renderer string) ([]byte, error) {
	var prog string
	switch renderer {
	case "", RendererGo:
		prog = helper()
		if prog == "" {
			return nil, fmt.Errorf("%s is not installed beside cfn-lsp nor on PATH (make build puts it in bin/; go install ./cmd/%s); or use --renderer dot with Graphviz installed", helperName, helperName)
		}
	case RendererDot:
		p, err := exec.LookPath("dot")
		if err != nil {
			return nil, errors.New("graphviz's dot is not installed; use the built-in renderer (--renderer go)")
		}
		prog = p
	default:
		return nil, fmt.Errorf("unknown renderer %q (go or dot)", renderer)
	}
	var dot bytes.Buffer
	if err := g.WriteDOT(&dot); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, renderTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, "-Tsvg")
	cmd.Stdin = &dot
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", filepath.Base(prog), err, bytes.TrimSpace(stderr.Bytes()))
	}
	if out.Len() > maxSVG {
		return nil, fmt.Errorf("%s drew more than %d bytes", filepath.Base(prog), maxSVG)
	}
	return out.Bytes(), nil
}

// helper finds cfn-lsp-graphviz: HelperEnv, beside the running program, on PATH.
func helper() string {
	if p := os.Getenv(HelperEnv); p != "" {
		return p
	}
	name := helperName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(exe), name); isFile(p) {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return ""
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
