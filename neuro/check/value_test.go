package check

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

type inner struct {
	Name  string
	Times []float64
}

type outer struct {
	N      int
	U      uint8
	OK     bool
	F      float64
	Grid   [2][2]float64
	Inners []inner
	P      *float64
	hidden int
}

func TestValueRoundTrip(t *testing.T) {
	x := 0.1
	values := []any{
		3.25, math.NaN(), math.Inf(1), math.Inf(-1), -0.0, 1e-300, math.MaxFloat64,
		[]float64{1, math.NaN(), 2}, []float64(nil), []int{-1, 2}, "text", true,
		outer{N: -3, U: 200, OK: true, F: 0.1, Grid: [2][2]float64{{1, 2}, {3, math.Inf(1)}},
			Inners: []inner{{"a", []float64{1.5}}}, P: &x},
	}
	for _, v := range values {
		data, err := encodeValue(v)
		if err != nil {
			t.Fatalf("encode %v: %v", v, err)
		}
		ptr := reflect.New(reflect.TypeOf(v))
		if err := decodeValue(data, ptr.Interface()); err != nil {
			t.Fatalf("decode %s: %v", data, err)
		}
		got := ptr.Elem().Interface()
		if !same(got, v) {
			t.Errorf("%#v came back as %#v (via %s)", v, got, data)
		}
	}
}

// same is reflect.DeepEqual with NaN equal to NaN.
func same(a, b any) bool {
	ja, _ := encodeValue(a)
	jb, _ := encodeValue(b)
	return string(ja) == string(jb) && reflect.TypeOf(a) == reflect.TypeOf(b)
}

func TestDecodeRejects(t *testing.T) {
	var f float64
	var n int8
	var s []float64
	var o outer
	for _, c := range []struct {
		json string
		ptr  any
	}{
		{`"abc"`, &f}, {`true`, &f}, {`300`, &n}, {`1.5`, &n}, {`{"a":1}`, &s}, {`{"Nope":1}`, &o}, {`[1,2]`, &o},
	} {
		if err := decodeValue([]byte(c.json), c.ptr); err == nil {
			t.Errorf("%s into %T was accepted", c.json, c.ptr)
		}
	}
}

func TestEncodeRejectsFuncs(t *testing.T) {
	if _, err := encodeValue(func() {}); err == nil {
		t.Error("a func was encoded")
	}
}

// asTree turns v into the maps, lists, numbers and strings encoding/json
// writes a value as, the way encode describes its output: the test's own
// route to the JSON encode must write, byte for byte.
func asTree(v reflect.Value, underived bool) any {
	if !v.IsValid() {
		return nil
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		switch {
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 0):
			return map[bool]string{true: "+Inf", false: "-Inf"}[f > 0]
		}
		return f
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		list := make([]any, v.Len())
		for i := range list {
			list[i] = asTree(v.Index(i), underived)
		}
		return list
	case reflect.Struct:
		obj := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && !(underived && f.Tag.Get("check") == "derived") {
				obj[f.Name] = asTree(v.Field(i), underived)
			}
		}
		return obj
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return asTree(v.Elem(), underived)
	}
	return v.Interface()
}

type withDerived struct {
	Z, A  float64
	Trace []float64 `check:"derived"`
	M     string
}

func TestEncodeAsJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	floats := []float64{0, -0.0, 1, -1, 0.1, 1e-6, 9.99e-7, -1e-7, 1e20, 1e21, 1.5e300, 5e-324, math.MaxFloat64, 123456789.125}
	for range 2000 {
		floats = append(floats, math.Float64frombits(r.Uint64()), (r.Float64()-0.5)*math.Pow(10, float64(r.IntN(60)-30)))
	}
	x := -2.5
	values := []any{
		floats, float32(0.1), []int8{-3, 4}, []uint64{math.MaxUint64}, "a \"quoted\" <tag> & ünïcode\n", false,
		outer{N: -3, U: 200, OK: true, F: 1e-9, Grid: [2][2]float64{{1, 2}, {3, math.Inf(-1)}},
			Inners: []inner{{"a", []float64{1.5, math.NaN()}}, {"b", nil}}, P: &x},
		withDerived{Z: 1, A: 2, Trace: []float64{3}, M: "m"}, []outer{{}}, (*float64)(nil),
	}
	for _, v := range values {
		for _, underived := range []bool{false, true} {
			got, err := encode(v, underived)
			if err != nil {
				t.Fatalf("encode %v: %v", v, err)
			}
			want, err := json.Marshal(asTree(reflect.ValueOf(v), underived))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("encode(%v, %t):\n got %.300s\nwant %.300s", v, underived, got, want)
			}
		}
	}
}
