package check

import (
	"math"
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
