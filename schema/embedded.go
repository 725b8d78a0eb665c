package schema

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	sjson "github.com/segmentio/encoding/json"
)

// The facts file is a multi-member gzip stream (so `zcat` shows it as JSON lines).
// The first member holds the index (factsIndex, which also carries the small Lambda
// runtime table, decoded only when asked for); then come one member per resource
// type (its registry schema, typeMember), the SAM types (JSON-encoded with the
// model's field tags), the IAM action table, the table of the regions each type
// exists in, and one member per schema of cfn-lint's rules, in index order.
// A lookup inflates and decodes only the member it needs; a resource type's
// model (ResourceType) is built from its registry schema when first asked for.
//
//go:embed data/spec.json.gz
var embeddedData []byte

const factsVersion = 4

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
	// Regions names the regions, sorted; RegionSize is the compressed size of the
	// member after the IAM table that says which types each lacks (regionMember).
	Regions    []string `json:"regions,omitempty"`
	RegionSize int      `json:"regionSize,omitempty"`
	// Files names the schemas of cfn-lint's rules by their path under its
	// data/schemas ("extensions/aws_ec2_instance/instancetype_enum.json"),
	// sorted, and FileSizes the compressed sizes of their members, the last ones.
	Files     []string `json:"files,omitempty"`
	FileSizes []int    `json:"fileSizes,omitempty"`
	// FileAliases names files whose content is that of an earlier file (the
	// regions whose lists of instance types are the same).
	FileAliases map[string]string `json:"fileAliases,omitempty"`
}

// typeMember is one resource type's member: its registry schema as us-east-1
// has it (or the first region that has the type), the other regions' variants,
// cfn-lint's Fn::GetAtt names beyond its read-only properties, and its
// handlers' permissions (which the schema itself no longer holds).
type typeMember struct {
	Schema   map[string]any    `json:"schema"`
	Variants []registryVariant `json:"variants,omitempty"`
	GetAtts  *GetAtts          `json:"getatts,omitempty"`
	Handlers *Handlers         `json:"handlers,omitempty"`
}

// registryVariant is a region variant of a registry schema: the regions (as
// indices of factsIndex.Regions) and the JSON merge patch (RFC 7386) that turns
// the base schema into theirs.
type registryVariant struct {
	Regions []int           `json:"regions"`
	Patch   json.RawMessage `json:"patch"`
}

// regionMember lists, per type, the indices of the regions that lack it
// (types every region has are not listed).
type regionMember struct {
	Missing map[string][]int `json:"missing"`
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
	regions      []string
	regionRaw    []byte // the compressed region member, if any
	regionOnce   sync.Once
	missing      map[string][]int // type -> regions lacking it; decoded on first use
	files        map[string]factsEntry
	fileCache    sync.Map // path -> any

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
	head, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("facts index: %w", err)
	}
	var idx factsIndex
	if err := sjson.Unmarshal(head, &idx); err != nil {
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
	member := func(size int) ([]byte, error) {
		if size <= 0 {
			return nil, nil
		}
		if off+size > len(f.data) {
			return nil, errors.New("facts index: bad member")
		}
		b := f.data[off : off+size]
		off += size
		return b, nil
	}
	var err2 error
	if f.iamRaw, err2 = member(idx.IAMSize); err2 != nil {
		return err2
	}
	if f.regionRaw, err2 = member(idx.RegionSize); err2 != nil {
		return err2
	}
	if len(idx.Files) != len(idx.FileSizes) {
		return errors.New("facts index: files and sizes differ in length")
	}
	f.files = make(map[string]factsEntry, len(idx.Files))
	for i, name := range idx.Files {
		if idx.FileSizes[i] <= 0 || off+idx.FileSizes[i] > len(f.data) {
			return errors.New("facts index: bad file entry")
		}
		f.files[name] = factsEntry{off: off, size: idx.FileSizes[i]}
		off += idx.FileSizes[i]
	}
	for alias, name := range idx.FileAliases {
		e, ok := f.files[name]
		if !ok {
			return errors.New("facts index: bad file alias")
		}
		f.files[alias] = e
	}
	f.names, f.sams, f.rawRuntimes, f.regions = idx.Types, idx.SAM, idx.Runtimes, idx.Regions
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
	if c := f.cached(name, sam); c != nil {
		return c.rt
	}
	return nil
}

// cached returns the decoded entry of a type, decoding it on first use.
func (f *facts) cached(name string, sam bool) *cachedType {
	if c, ok := f.cache.Load(name); ok {
		if c := c.(*cachedType); c.sam == sam {
			return c
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
	c := &cachedType{sam: sam}
	if sam {
		rt, err := decodeMember(f.data[e.off : e.off+e.size])
		if err != nil {
			return nil
		}
		c.rt = rt
	} else {
		var m typeMember
		if err := decodeJSON(f.data[e.off:e.off+e.size], &m); err != nil || m.Schema == nil {
			return nil
		}
		rt := parseRegistry(m.Schema, false)
		if rt == nil {
			return nil
		}
		rt.applyGetAtts(m.GetAtts)
		rt.Handlers = m.Handlers
		c.rt = rt
		c.reg = &Registry{Type: name, base: m.Schema, variants: m.Variants, regions: f.regions}
	}
	setDocURLs(c.rt)
	got, _ := f.cache.LoadOrStore(name, c)
	return got.(*cachedType)
}

type cachedType struct {
	rt  *ResourceType
	reg *Registry
	sam bool
}

func decodeMember(b []byte) (*ResourceType, error) {
	var rt ResourceType
	if err := decodeJSON(b, &rt); err != nil {
		return nil, err
	}
	return &rt, nil
}

// decodeJSON inflates one member and decodes its JSON into v (with
// segmentio's decoder, which builds the maps of a schema document about twice
// as fast as encoding/json).
func decodeJSON(b []byte, v any) error {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	zr.Multistream(false)
	data, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	return sjson.Unmarshal(data, v)
}

// missingIn returns the regions (as indices) that lack a type; ok is false
// when the facts do not say.
func (f *facts) missingIn(name string) (missing []int, ok bool) {
	if f.index() != nil || len(f.regionRaw) == 0 {
		return nil, false
	}
	f.regionOnce.Do(func() {
		var m regionMember
		if decodeJSON(f.regionRaw, &m) == nil {
			f.missing = m.Missing
		}
	})
	if f.missing == nil {
		return nil, false
	}
	return f.missing[name], true
}

// file returns a decoded rule schema, nil when the facts have none of that path.
func (f *facts) file(path string) any {
	if v, ok := f.fileCache.Load(path); ok {
		return v
	}
	if f.index() != nil {
		return nil
	}
	e, ok := f.files[path]
	if !ok {
		return nil
	}
	var v any
	if decodeJSON(f.data[e.off:e.off+e.size], &v) != nil {
		return nil
	}
	got, _ := f.fileCache.LoadOrStore(path, v)
	return got
}

// Tables are the facts a facts file holds besides resource types.
type Tables struct {
	// Runtimes is the Lambda runtime table.
	Runtimes []LambdaRuntime
	// IAM maps IAM service prefixes (lower case) to their actions.
	IAM map[string][]string
}

// TypeFacts is what a facts file holds of one registry resource type.
type TypeFacts struct {
	Name string
	// Schema is the registry schema (prose already removed by the caller).
	Schema map[string]any
	// Variants are the regions whose schemas differ, with the differences.
	Variants []RegionVariant
	// Missing lists the regions that lack the type.
	Missing []string
	// GetAtts are cfn-lint's Fn::GetAtt names beyond readOnlyProperties.
	GetAtts *GetAtts
	// Handlers are the permissions of the type's handlers, when known.
	Handlers *Handlers
}

// RegionVariant is how some regions' schema of a type differs from the base:
// a JSON merge patch (MergePatch).
type RegionVariant struct {
	Regions []string
	Patch   map[string]any
}

// Facts is the content of a facts file.
type Facts struct {
	Types []TypeFacts
	// SAM are the AWS::Serverless types (their model: the SAM transform's
	// schema is not a registry schema).
	SAM    []*ResourceType
	Tables Tables
	// Regions names every region the types' facts speak of.
	Regions []string
	// Files are the schemas of cfn-lint's rules, by path.
	Files map[string]any
}

// WriteFacts writes a facts file (the format embedded by Default). It clears
// every Description and DocURL of the SAM types first: the facts file carries
// facts only. Output is deterministic. Used by schema/gen.
func WriteFacts(w io.Writer, f Facts) error {
	regions := slices.Sorted(slices.Values(f.Regions))
	regionIndex := map[string]int{}
	for i, r := range regions {
		regionIndex[r] = i
	}
	indices := func(names []string) ([]int, error) {
		out := make([]int, 0, len(names))
		for _, n := range names {
			i, ok := regionIndex[n]
			if !ok {
				return nil, fmt.Errorf("region %q is not in Facts.Regions", n)
			}
			out = append(out, i)
		}
		slices.Sort(out)
		return out, nil
	}
	types := slices.Clone(f.Types)
	slices.SortFunc(types, func(a, b TypeFacts) int { return strings.Compare(a.Name, b.Name) })
	var tb [][]byte
	var tn []string
	var ts []int
	missing := map[string][]int{}
	for _, t := range types {
		m := typeMember{Schema: t.Schema, GetAtts: t.GetAtts, Handlers: t.Handlers}
		for _, v := range t.Variants {
			rs, err := indices(v.Regions)
			if err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
			patch, err := marshal(v.Patch)
			if err != nil {
				return err
			}
			m.Variants = append(m.Variants, registryVariant{Regions: rs, Patch: patch})
		}
		slices.SortFunc(m.Variants, func(a, b registryVariant) int { return slices.Compare(a.Regions, b.Regions) })
		if len(t.Missing) > 0 {
			rs, err := indices(t.Missing)
			if err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
			missing[t.Name] = rs
		}
		z, err := gzipJSON(m)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		tb, tn, ts = append(tb, z), append(tn, t.Name), append(ts, len(z))
	}
	sam := slices.Clone(f.SAM)
	slices.SortFunc(sam, func(a, b *ResourceType) int { return strings.Compare(a.Name, b.Name) })
	var sb [][]byte
	var sn []string
	var ss []int
	for _, rt := range sam {
		stripProse(rt)
		z, err := gzipJSON(rt)
		if err != nil {
			return err
		}
		sb, sn, ss = append(sb, z), append(sn, rt.Name), append(ss, len(z))
	}
	idx := factsIndex{Version: factsVersion, Types: tn, TypeSizes: ts, SAM: sn, SAMSizes: ss}
	var err error
	if runtimes := f.Tables.Runtimes; len(runtimes) > 0 {
		runtimes = slices.Clone(runtimes)
		sort.Slice(runtimes, func(i, j int) bool { return runtimes[i].Name < runtimes[j].Name })
		if idx.Runtimes, err = json.Marshal(runtimes); err != nil {
			return err
		}
	}
	var iz []byte
	if len(f.Tables.IAM) > 0 {
		// One line per service, "s3 AbortMultipartUpload,...": plain text, so that
		// reading it is a split, not a JSON decode.
		var text strings.Builder
		for _, svc := range slices.Sorted(maps.Keys(f.Tables.IAM)) {
			text.WriteString(svc + " " + strings.Join(f.Tables.IAM[svc], ",") + "\n")
		}
		if iz, err = gzipBytes([]byte(text.String())); err != nil {
			return err
		}
		idx.IAMSize = len(iz)
	}
	var rz []byte
	if len(regions) > 0 {
		idx.Regions = regions
		if rz, err = gzipJSON(regionMember{Missing: missing}); err != nil {
			return err
		}
		idx.RegionSize = len(rz)
	}
	var fz [][]byte
	same := map[string]string{} // content -> first path
	for _, path := range slices.Sorted(maps.Keys(f.Files)) {
		js, err := marshal(f.Files[path])
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if first, ok := same[string(js)]; ok {
			if idx.FileAliases == nil {
				idx.FileAliases = map[string]string{}
			}
			idx.FileAliases[path] = first
			continue
		}
		same[string(js)] = path
		z, err := gzipBytes(append(js, '\n'))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fz = append(fz, z)
		idx.Files = append(idx.Files, path)
		idx.FileSizes = append(idx.FileSizes, len(z))
	}
	hz, err := gzipJSON(idx)
	if err != nil {
		return err
	}
	members := append(append([][]byte{hz}, tb...), sb...)
	for _, b := range append([][]byte{iz, rz}, fz...) {
		if b != nil {
			members = append(members, b)
		}
	}
	for _, b := range members {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// marshal encodes v as JSON without HTML escaping (schemas hold many < and >).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func gzipJSON(v any) ([]byte, error) {
	js, err := marshal(v)
	if err != nil {
		return nil, err
	}
	return gzipBytes(append(js, '\n'))
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
