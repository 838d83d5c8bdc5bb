package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/neurogo/course/neuro/internal/circuit"
)

// The network file is numpy's .npz: a zip of .npy files (format 1.0), one
// per array, little-endian float64 ('<f8') or int32 ('<i4'); a scalar is an
// array of shape (). numpy.load reads it as it is.

// npzWriter writes the arrays of one .npz file.
type npzWriter struct{ z *zip.Writer }

// put writes one array: data is a float64, an int32, a []float64 or an
// []int32.
func (w npzWriter) put(name string, data any) error {
	var descr, shape string
	switch d := data.(type) {
	case float64:
		descr, shape = "<f8", "()"
	case int32:
		descr, shape = "<i4", "()"
	case []float64:
		descr, shape = "<f8", fmt.Sprintf("(%d,)", len(d))
	case []int32:
		descr, shape = "<i4", fmt.Sprintf("(%d,)", len(d))
	default:
		return fmt.Errorf("npz: %s: cannot write a %T", name, data)
	}
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape)
	// The magic, the version, the header's length, the header, padded
	// with spaces and ended by a newline to a multiple of 64 bytes.
	pad := 63 - (10+len(header))%64
	header += strings.Repeat(" ", pad) + "\n"
	f, err := w.z.Create(name + ".npy")
	if err != nil {
		return err
	}
	pre := append([]byte("\x93NUMPY\x01\x00"), byte(len(header)), byte(len(header)>>8))
	if _, err := f.Write(append(pre, header...)); err != nil {
		return err
	}
	return binary.Write(f, binary.LittleEndian, data)
}

// saveBench writes the benchmark network b, to be run for steps steps, to
// the .npz file out.
func saveBench(out io.Writer, b circuit.Bench, steps int) error {
	w := npzWriter{zip.NewWriter(out)}
	p := b.Params
	if p.RateExt != 0 {
		return fmt.Errorf("the benchmark has no background input")
	}
	arrays := []struct {
		name string
		data any
	}{
		{"n", int32(b.N)}, {"ne", int32(b.NE)}, {"held", int32(b.Held())}, {"steps", int32(steps)},
		{"dt", p.Dt}, {"t_ref", p.TRef}, {"e_l", p.Cell.EL}, {"v_th", p.Cell.VTh}, {"v_reset", p.Cell.VReset},
		{"r", p.Cell.R}, {"c", p.Cell.C}, {"e_e", p.EE}, {"e_i", p.EI}, {"tau_e", p.TauE}, {"tau_i", p.TauI},
		{"jump_e", b.JumpE}, {"jump_i", b.JumpI},
		{"start", b.Start}, {"post", b.Post}, {"v0", b.V0}, {"drive", b.Drive},
	}
	for _, a := range arrays {
		if err := w.put(a.name, a.data); err != nil {
			return err
		}
	}
	return w.z.Close()
}

var (
	descrRE = regexp.MustCompile(`'descr': *'([^']*)'`)
	shapeRE = regexp.MustCompile(`'shape': *\(([0-9, ]*)\)`)
)

// readNPZ returns the arrays of an .npz file written by npzWriter: float64
// and int32 arrays by name ([]float64 or []int32, a scalar as a slice of
// one).
func readNPZ(data []byte) (map[string]any, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	arrays := map[string]any{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		if len(b) < 10 || string(b[:6]) != "\x93NUMPY" || b[6] != 1 {
			return nil, fmt.Errorf("npz: %s is not a .npy file of format 1.0", f.Name)
		}
		end := 10 + int(b[8]) + int(b[9])<<8
		if end > len(b) {
			return nil, fmt.Errorf("npz: %s: header past the end", f.Name)
		}
		header := string(b[10:end])
		d, s := descrRE.FindStringSubmatch(header), shapeRE.FindStringSubmatch(header)
		if d == nil || s == nil || !strings.Contains(header, "'fortran_order': False") {
			return nil, fmt.Errorf("npz: %s: cannot read the header %q", f.Name, header)
		}
		n := 1
		for _, x := range strings.Split(s[1], ",") {
			if x = strings.TrimSpace(x); x != "" {
				k, _ := strconv.Atoi(x)
				n *= k
			}
		}
		var a any
		switch d[1] {
		case "<f8":
			a = make([]float64, n)
		case "<i4":
			a = make([]int32, n)
		default:
			return nil, fmt.Errorf("npz: %s: cannot read the type %s", f.Name, d[1])
		}
		if err := binary.Read(bytes.NewReader(b[end:]), binary.LittleEndian, a); err != nil {
			return nil, fmt.Errorf("npz: %s: %v", f.Name, err)
		}
		arrays[strings.TrimSuffix(f.Name, ".npy")] = a
	}
	return arrays, nil
}

// loadBench reads a benchmark network written by saveBench and returns it
// with its number of steps.
func loadBench(data []byte) (circuit.Bench, int, error) {
	arrays, err := readNPZ(data)
	if err != nil {
		return circuit.Bench{}, 0, err
	}
	var missing []string
	f := func(name string) []float64 {
		a, ok := arrays[name].([]float64)
		if !ok {
			missing = append(missing, name)
		}
		return a
	}
	i := func(name string) []int32 {
		a, ok := arrays[name].([]int32)
		if !ok {
			missing = append(missing, name)
		}
		return a
	}
	x := func(a []float64) float64 { return append(a, 0)[0] }
	k := func(a []int32) int { return int(append(a, 0)[0]) }
	b := circuit.Bench{Params: circuit.DefaultParams(), N: k(i("n")), NE: k(i("ne")),
		Start: i("start"), Post: i("post"), JumpE: x(f("jump_e")), JumpI: x(f("jump_i")), V0: f("v0"), Drive: f("drive")}
	p := &b.Params
	p.Dt, p.TRef, p.EE, p.EI, p.TauE, p.TauI = x(f("dt")), x(f("t_ref")), x(f("e_e")), x(f("e_i")), x(f("tau_e")), x(f("tau_i"))
	p.Cell.EL, p.Cell.VTh, p.Cell.VReset, p.Cell.R, p.Cell.C = x(f("e_l")), x(f("v_th")), x(f("v_reset")), x(f("r")), x(f("c"))
	held, steps := k(i("held")), k(i("steps"))
	if missing != nil {
		return b, 0, fmt.Errorf("npz: no %s, or of another type", strings.Join(missing, ", "))
	}
	if len(b.Start) != b.N+1 || len(b.V0) != b.N || len(b.Drive) != b.N || int(b.Start[b.N]) != len(b.Post) {
		return b, 0, fmt.Errorf("npz: the arrays do not fit N = %d", b.N)
	}
	if held != b.Held() {
		return b, 0, fmt.Errorf("npz: %d held steps, but t_ref and dt give %d", held, b.Held())
	}
	return b, steps, nil
}
