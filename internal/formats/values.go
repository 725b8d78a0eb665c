package formats

import (
	"errors"
	"net/netip"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"
)

// bucketName is S3's rule for bucket names: 3 to 63 lower-case letters, digits,
// dots and hyphens, beginning and ending with a letter or digit, with no two
// dots and no dot next to a hyphen.
func bucketName(s string) bool {
	if len(s) < 3 || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	edge := func(c byte) bool { return c == '.' || c == '-' }
	if edge(s[0]) || edge(s[len(s)-1]) {
		return false
	}
	return !strings.Contains(s, "..") && !strings.Contains(s, "-.") && !strings.Contains(s, ".-")
}

// Dates and times are RFC 3339's full-date, partial-time with an offset, and
// date-time. (cfn-lint 1.51 spells the numeric offset [+-][+-]HH:MM, so it rejects
// "+05:00"; RFC 3339 and CloudFormation accept it.)
var (
	reDate = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-\d{2}$`)
	reTime = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$`)
)

func isDate(s string) bool {
	if !reDate.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s) // rejects days the month does not have
	return err == nil
}

func isTime(s string) bool { return reTime.MatchString(s) }

func isDateTime(s string) bool {
	date, clock, ok := strings.Cut(s, "T")
	return ok && isDate(date) && isTime(clock)
}

// isIPv4 accepts dotted-decimal addresses without leading zeros, as Python's
// ipaddress (which cfn-lint uses) does.
func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// isIPv6 accepts IPv6 addresses, IPv4-embedded ones included, without a zone.
func isIPv6(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6() && a.Zone() == ""
}

// isIPv4Network accepts an address block with no host bits set: an address alone
// (a /32), or an address with a prefix length, a netmask or a host mask
// ("10.0.0.0/8", "10.0.0.0/255.0.0.0", "10.0.0.0/0.255.255.255").
func isIPv4Network(s string) bool {
	addr, mask, hasMask := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is4() {
		return false
	}
	bits := 32
	if hasMask {
		if bits = prefixLength(mask, 32); bits < 0 {
			if bits = maskLength(mask); bits < 0 {
				return false
			}
		}
	}
	p := netip.PrefixFrom(a, bits)
	return p.Masked().Addr() == a
}

// isIPv6Network accepts an IPv6 address block with no host bits set.
func isIPv6Network(s string) bool {
	addr, mask, hasMask := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is6() || a.Zone() != "" {
		return false
	}
	bits := 128
	if hasMask {
		if bits = prefixLength(mask, 128); bits < 0 {
			return false
		}
	}
	return netip.PrefixFrom(a, bits).Masked().Addr() == a
}

// prefixLength parses a decimal prefix length up to max, or returns -1.
func prefixLength(s string, max int) int {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > max {
		return -1
	}
	return n
}

// maskLength returns the prefix length a dotted IPv4 netmask (255.255.0.0) or
// host mask (0.0.255.255) stands for, or -1.
func maskLength(s string) int {
	m, err := netip.ParseAddr(s)
	if err != nil || !m.Is4() {
		return -1
	}
	b := m.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	for _, x := range []uint32{v, ^v} { // a netmask, then a host mask inverted
		ones := 0
		for ones < 32 && x&(1<<(31-ones)) != 0 {
			ones++
		}
		if ones == 32 || x<<ones == 0 {
			return ones
		}
	}
	return -1
}

// isRegex rejects only patterns that are malformed in every dialect (an unclosed
// group or class, a stray ')', a trailing backslash, a repetition of nothing, a
// reversed range). Go's RE2 lacks look-arounds, back references and possessive
// repetition, which the schemas' Python and ECMA-262 dialects have, so its other
// errors say nothing about the pattern.
func isRegex(s string) bool {
	_, err := syntax.Parse(s, syntax.Perl)
	var se *syntax.Error
	if !errors.As(err, &se) {
		return true
	}
	switch se.Code {
	case syntax.ErrMissingParen, syntax.ErrUnexpectedParen, syntax.ErrMissingBracket,
		syntax.ErrTrailingBackslash, syntax.ErrMissingRepeatArgument, syntax.ErrInvalidCharRange:
		return false
	}
	return true
}
