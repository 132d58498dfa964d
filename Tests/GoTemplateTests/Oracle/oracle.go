// Command oracle renders template cases with Go's real text/template and sprig, so the Swift
// GoTemplate tests can compare against them. It reads a JSON array of cases on stdin and writes
// a JSON array of {"out": ..., "err": ...} results on stdout, in order.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
)

// Platform and Descriptor have the field order and types of image-spec's specs-go/v1.
type Platform struct {
	Architecture string   `json:"architecture"`
	OS           string   `json:"os"`
	OSVersion    string   `json:"os.version,omitempty"`
	OSFeatures   []string `json:"os.features,omitempty"`
	Variant      string   `json:"variant,omitempty"`
}

// Digest stands in for go-digest's Digest: a string type with a String method.
type Digest string

func (d Digest) String() string { return string(d) }

// Algorithm and Encoded mirror go-digest's methods of the same names.
func (d Digest) Algorithm() string { return string(d)[:strings.Index(string(d), ":")] }
func (d Digest) Encoded() string   { return string(d)[strings.Index(string(d), ":")+1:] }
func (d Digest) Hex() string       { return d.Encoded() }

type Descriptor struct {
	MediaType    string            `json:"mediaType"`
	Digest       Digest            `json:"digest"`
	Size         int64             `json:"size"`
	URLs         []string          `json:"urls,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	Data         []byte            `json:"data,omitempty"`
	Platform     *Platform         `json:"platform,omitempty"`
	ArtifactType string            `json:"artifactType,omitempty"`
}

type testCase struct {
	Name       string          `json:"name"`
	Text       string          `json:"text"`
	Data       json.RawMessage `json:"data"`
	Descriptor *Descriptor     `json:"descriptor"`
}

type result struct {
	Out string `json:"out"`
	Err string `json:"err,omitempty"`
}

// normalize turns json.Number into int (integer literals) or float64, like the Swift side.
func normalize(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case []interface{}:
		for i := range x {
			x[i] = normalize(x[i])
		}
		return x
	case map[string]interface{}:
		for k := range x {
			x[k] = normalize(x[k])
		}
		return x
	}
	return v
}

var (
	repositoryPattern = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$`)
	tagPattern        = regexp.MustCompile(`^[\w][\w.-]{0,127}$`)
	digestLengths     = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}
	encodedPattern    = regexp.MustCompile(`^[a-f0-9]+$`)
)

// parseReference behaves like oras-go v2's registry.ParseReference.
func parseReference(s string) (registry, repository, reference string, err error) {
	parts := strings.SplitN(s, "/", 2)
	if len(parts) == 1 {
		return "", "", "", fmt.Errorf("invalid reference: missing registry or repository")
	}
	registry, path := parts[0], parts[1]
	isTag := false
	if i := strings.Index(path, "@"); i != -1 {
		repository, reference = path[:i], path[i+1:]
		if j := strings.Index(repository, ":"); j != -1 {
			repository = repository[:j]
		}
	} else if i := strings.Index(path, ":"); i != -1 {
		isTag = true
		repository, reference = path[:i], path[i+1:]
	} else {
		repository = path
	}
	if u, e := url.ParseRequestURI("dummy://" + registry); e != nil || u.Host == "" || u.Host != registry {
		return "", "", "", fmt.Errorf("invalid reference: invalid registry %q", registry)
	}
	if !repositoryPattern.MatchString(repository) {
		return "", "", "", fmt.Errorf("invalid reference: invalid repository %q", repository)
	}
	if reference == "" {
		return
	}
	if isTag {
		if !tagPattern.MatchString(reference) {
			return "", "", "", fmt.Errorf("invalid reference: invalid tag %q", reference)
		}
		return
	}
	i := strings.Index(reference, ":")
	if i <= 0 || i+1 == len(reference) {
		return "", "", "", fmt.Errorf("invalid reference: invalid digest %q: invalid checksum digest format", reference)
	}
	n, ok := digestLengths[reference[:i]]
	if !ok {
		return "", "", "", fmt.Errorf("invalid reference: invalid digest %q: unsupported digest algorithm", reference)
	}
	if len(reference)-i-1 != n {
		return "", "", "", fmt.Errorf("invalid reference: invalid digest %q: invalid checksum digest length", reference)
	}
	if !encodedPattern.MatchString(reference[i+1:]) {
		return "", "", "", fmt.Errorf("invalid reference: invalid digest %q: invalid checksum digest format", reference)
	}
	return
}

func part(which int) func(string) (string, error) {
	return func(s string) (string, error) {
		reg, repo, ref, err := parseReference(s)
		if err != nil {
			return "", fmt.Errorf("error parsing the reference: %w", err)
		}
		switch which {
		case 0:
			return ref, nil
		case 1:
			return repo, nil
		case 2:
			return reg, nil
		}
		return strings.TrimPrefix(s, reg+"/"), nil
	}
}

func aceFuncs() template.FuncMap {
	m := template.FuncMap{}
	for i, name := range []string{"Tag", "Repository", "Registry", "Package"} {
		m[name] = part(i)
		m[strings.ToLower(name)] = part(i)
	}
	return m
}

func render(c testCase) (out string, errText string) {
	defer func() {
		if r := recover(); r != nil {
			errText = fmt.Sprintf("panic: %v", r)
		}
	}()
	t, err := template.New(c.Name).Funcs(sprig.HermeticTxtFuncMap()).Funcs(aceFuncs()).Funcs(checkFuncs(time.Now())).Parse(c.Text)
	if err != nil {
		return "", err.Error()
	}
	var data interface{}
	if c.Descriptor != nil {
		data = *c.Descriptor
	} else if len(c.Data) > 0 {
		dec := json.NewDecoder(bytes.NewReader(c.Data))
		dec.UseNumber()
		if err := dec.Decode(&data); err != nil {
			return "", "bad test data: " + err.Error()
		}
		data = normalize(data)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return buf.String(), err.Error()
	}
	return buf.String(), ""
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "oracle: reading cases:", err)
		os.Exit(2)
	}
	results := make([]result, len(cases))
	for i, c := range cases {
		out, errText := render(c)
		results[i] = result{Out: out, Err: errText}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "oracle: writing results:", err)
		os.Exit(2)
	}
}
