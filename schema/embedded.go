package schema

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// The facts file is a multi-member gzip stream (so `zcat` shows it as JSON lines).
// The first member holds the index (factsIndex, which also carries the small Lambda
// runtime table, decoded only when asked for); every following member holds one
// resource type, JSON-encoded with the model's field tags, in index order.
// A lookup inflates and decodes only the member it needs.
//
//go:embed data/spec.json.gz
var embeddedData []byte

const factsVersion = 3

type factsIndex struct {
	Version int `json:"v"`
	// Types and SAM list the type names, sorted, and TypeSizes and SAMSizes the
	// compressed sizes of their members. The SAM members follow the Types members.
	Types     []string `json:"types"`
	TypeSizes []int    `json:"typeSizes"`
	SAM       []string `json:"sam"`
	SAMSizes  []int    `json:"samSizes"`
	// Runtimes is the Lambda runtime table ([]LambdaRuntime sorted by name),
	// kept raw so that reading the index does not decode it.
	Runtimes json.RawMessage `json:"runtimes,omitempty"`
	// IAMSize is the compressed size of the IAM action table, the member after the
	// SAM members (0 when there is none).
	IAMSize int `json:"iamSize,omitempty"`
}

type factsEntry struct {
	off, size int
	sam       bool
}

// facts is a decoded-on-demand facts file.
type facts struct {
	data []byte

	once         sync.Once
	err          error
	entries      map[string]factsEntry
	names        []string
	sams         []string
	rawRuntimes  json.RawMessage
	runtimesOnce sync.Once
	runtimes     []LambdaRuntime // sorted by name; decoded on first use
	iamRaw       []byte          // the compressed IAM member, if any
	iamOnce      sync.Once
	iam          map[string]string // service -> comma-separated actions; decoded on first use
	iamServices  []string          // its keys, sorted
	iamActions   sync.Map          // service -> []string, split on first use

	cache sync.Map // name -> *cachedType
}

var embeddedFacts = sync.OnceValue(func() *facts { return &facts{data: embeddedData} })

var defaultSpec = sync.OnceValue(func() *Spec { return &Spec{source: "embedded", facts: embeddedFacts()} })

// Default returns the embedded default spec. It is decoded lazily, on first lookup.
func Default() *Spec { return defaultSpec() }

func (f *facts) index() error {
	f.once.Do(func() { f.err = f.readIndex() })
	return f.err
}

func (f *facts) readIndex() error {
	r := bytes.NewReader(f.data)
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("facts index: %w", err)
	}
	zr.Multistream(false)
	var idx factsIndex
	if err := json.NewDecoder(zr).Decode(&idx); err != nil {
		return fmt.Errorf("facts index: %w", err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return fmt.Errorf("facts index: %w", err)
	}
	if idx.Version != factsVersion {
		return fmt.Errorf("facts file version %d, want %d", idx.Version, factsVersion)
	}
	off := len(f.data) - r.Len()
	f.entries = make(map[string]factsEntry, len(idx.Types)+len(idx.SAM))
	add := func(names []string, sizes []int, sam bool) error {
		if len(names) != len(sizes) {
			return errors.New("facts index: names and sizes differ in length")
		}
		for i, name := range names {
			size := sizes[i]
			if size <= 0 || off+size > len(f.data) {
				return errors.New("facts index: bad entry")
			}
			f.entries[name] = factsEntry{off: off, size: size, sam: sam}
			off += size
		}
		return nil
	}
	if err := add(idx.Types, idx.TypeSizes, false); err != nil {
		return err
	}
	if err := add(idx.SAM, idx.SAMSizes, true); err != nil {
		return err
	}
	if idx.IAMSize > 0 {
		if off+idx.IAMSize > len(f.data) {
			return errors.New("facts index: bad IAM member")
		}
		f.iamRaw = f.data[off : off+idx.IAMSize]
	}
	f.names, f.sams, f.rawRuntimes = idx.Types, idx.SAM, idx.Runtimes
	return nil
}

func (f *facts) typeNames(sam bool) []string {
	if f.index() != nil {
		return nil
	}
	if sam {
		return f.sams
	}
	return f.names
}

// lookup returns the decoded resource type, or nil when unknown (or when the
// facts file is damaged, which the tests rule out for the embedded one).
func (f *facts) lookup(name string, sam bool) *ResourceType {
	if c, ok := f.cache.Load(name); ok {
		if c := c.(*cachedType); c.sam == sam {
			return c.rt
		}
		return nil
	}
	if f.index() != nil {
		return nil
	}
	e, ok := f.entries[name]
	if !ok || e.sam != sam {
		return nil
	}
	rt, err := decodeMember(f.data[e.off : e.off+e.size])
	if err != nil {
		return nil
	}
	setDocURLs(rt)
	got, _ := f.cache.LoadOrStore(name, &cachedType{rt: rt, sam: sam})
	return got.(*cachedType).rt
}

type cachedType struct {
	rt  *ResourceType
	sam bool
}

func decodeMember(b []byte) (*ResourceType, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	var rt ResourceType
	if err := json.NewDecoder(bufio.NewReader(zr)).Decode(&rt); err != nil {
		return nil, err
	}
	return &rt, nil
}

// Tables are the facts a facts file holds besides resource types.
type Tables struct {
	// Runtimes is the Lambda runtime table.
	Runtimes []LambdaRuntime
	// IAM maps IAM service prefixes (lower case) to their actions.
	IAM map[string][]string
}

// WriteFacts writes a facts file (the format embedded by Default) holding types,
// the SAM types sam and the tables (all may be empty). It clears every
// Description and DocURL first: the facts file carries facts only. Output is
// deterministic. Used by schema/gen.
func WriteFacts(w io.Writer, types, sam []*ResourceType, tables Tables) error {
	runtimes := tables.Runtimes
	encode := func(list []*ResourceType) (blobs [][]byte, names []string, sizes []int, err error) {
		list = append([]*ResourceType(nil), list...)
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		for _, rt := range list {
			stripProse(rt)
			js, err := json.Marshal(rt)
			if err != nil {
				return nil, nil, nil, err
			}
			z, err := gzipBytes(append(js, '\n'))
			if err != nil {
				return nil, nil, nil, err
			}
			blobs = append(blobs, z)
			names = append(names, rt.Name)
			sizes = append(sizes, len(z))
		}
		return blobs, names, sizes, nil
	}
	tb, tn, ts, err := encode(types)
	if err != nil {
		return err
	}
	sb, sn, ss, err := encode(sam)
	if err != nil {
		return err
	}
	idx := factsIndex{Version: factsVersion, Types: tn, TypeSizes: ts, SAM: sn, SAMSizes: ss}
	if len(runtimes) > 0 {
		runtimes = append([]LambdaRuntime(nil), runtimes...)
		sort.Slice(runtimes, func(i, j int) bool { return runtimes[i].Name < runtimes[j].Name })
		if idx.Runtimes, err = json.Marshal(runtimes); err != nil {
			return err
		}
	}
	var iz []byte
	if len(tables.IAM) > 0 {
		// One line per service, "s3 AbortMultipartUpload,...": plain text, so that
		// reading it is a split, not a JSON decode.
		services := make([]string, 0, len(tables.IAM))
		for svc := range tables.IAM {
			services = append(services, svc)
		}
		sort.Strings(services)
		var text strings.Builder
		for _, svc := range services {
			text.WriteString(svc + " " + strings.Join(tables.IAM[svc], ",") + "\n")
		}
		if iz, err = gzipBytes([]byte(text.String())); err != nil {
			return err
		}
		idx.IAMSize = len(iz)
	}
	head, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	hz, err := gzipBytes(append(head, '\n'))
	if err != nil {
		return err
	}
	members := append(append([][]byte{hz}, tb...), sb...)
	if iz != nil {
		members = append(members, iz)
	}
	for _, b := range members {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// stripProse clears descriptions and documentation URLs.
func stripProse(rt *ResourceType) {
	strip := func(o *Object) {
		o.Description, o.DocURL = "", ""
		for _, p := range o.Properties {
			p.Description, p.DocURL = "", ""
		}
	}
	strip(&rt.Object)
	for _, d := range rt.Definitions {
		strip(d)
	}
	for _, a := range rt.Attributes {
		a.Description = ""
	}
}
