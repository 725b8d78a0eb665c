package template

import (
	"sync/atomic"
	"unsafe"
)

// Node slabs for large documents are prepared on another core.
//
// A large template's tree is mostly Nodes (about 150 bytes for every 12 bytes of
// YAML), and the first write to freshly allocated memory costs a page fault per
// page: on small virtual machines those faults cost more than the parse itself.
// Prepare allocates slabs of Nodes on another goroutine and touches each of
// their pages before a parse takes them, so the parse's writes hit memory that
// is already mapped. The language server calls it as soon as a large message
// starts to arrive; a parse of a large text calls it too.

const (
	// prepareMin is the text size from which Prepare does anything.
	prepareMin = 128 << 10
	// slabNodes is the size of one prepared slab.
	slabNodes = 1024
	// bytesPerNode is about how many bytes of the densest YAML make one Node;
	// most templates take 15 to 40. A parse stops the preparation when it ends
	// (see parsed), so a sparse template does not get slabs it will not use.
	bytesPerNode = 11
)

// prepared holds slabs ready for use: at most what a 2 MB template needs (about
// 28 MB), which a message that turns out not to be a template leaves waiting for
// the next parse.
var prepared = make(chan []Node, (2<<20)/bytesPerNode/slabNodes)

// preparing is set while a goroutine fills prepared, and enough is set by a
// parse that ends, to stop it.
var preparing, enough atomic.Bool

// Prepare starts preparing Nodes for a document of textLen bytes, unless slabs
// are already being prepared. It returns at once.
func Prepare(textLen int) {
	if textLen < prepareMin || !preparing.CompareAndSwap(false, true) {
		return
	}
	want := (textLen/bytesPerNode + slabNodes - 1) / slabNodes
	enough.Store(false)
	go func() {
		defer preparing.Store(false)
		for i := len(prepared); i < want && !enough.Load(); i++ {
			slab := make([]Node, slabNodes)
			touchNodes(slab)
			select {
			case prepared <- slab:
			default:
				return // full
			}
		}
	}()
}

// parsed stops the preparation: the parse it was for has ended. (Parses running
// side by side, as in `check`, may stop each other's; they then allocate fresh
// slabs, as without preparation.)
func parsed() { enough.Store(true) }

// touchNodes writes once to every page of slab.
func touchNodes(slab []Node) {
	const step = max(1, 4096/int(unsafe.Sizeof(Node{}))) // at least one Node per 4 KB page
	for i := 0; i < len(slab); i += step {
		slab[i].Kind = Null
	}
}

// newSlab returns a prepared slab, or a fresh one when none is ready: a parse
// never waits for the preparation.
func newSlab() []Node {
	select {
	case slab := <-prepared:
		return slab
	default:
		return make([]Node, 256)
	}
}
