package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// encodeValue encodes v as JSON. Unlike encoding/json it accepts NaN and
// ±Inf, which a learner's function may well return: they are written as the
// strings "NaN", "+Inf" and "-Inf". Structs are written as objects of their
// exported fields, by field name.
func encodeValue(v any) (json.RawMessage, error) {
	return encode(v, false)
}

// encodeInput encodes a case for a record as encodeValue does, but leaves
// out the fields tagged `check:"derived"`, which Level.Prepare computes
// from the others.
func encodeInput(v any) (json.RawMessage, error) {
	return encode(v, true)
}

func encode(v any, underived bool) (json.RawMessage, error) {
	return appendValue(nil, reflect.ValueOf(v), underived)
}

// appendValue appends the JSON of v to b as encoding/json would write it
// had v been turned into maps, lists, numbers and strings first (objects
// with their keys sorted, numbers in its format), without making them: a
// check records every output, and outputs can be traces of thousands of
// numbers.
func appendValue(b []byte, v reflect.Value, underived bool) ([]byte, error) {
	if !v.IsValid() {
		return append(b, "null"...), nil
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float()), nil
	case reflect.String:
		s, err := json.Marshal(v.String())
		return append(b, s...), err
	case reflect.Slice:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		fallthrough
	case reflect.Array:
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, v.Index(i), underived); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case reflect.Struct:
		t := v.Type()
		var fields []int
		for i := range t.NumField() {
			if t.Field(i).IsExported() && !(underived && t.Field(i).Tag.Get("check") == "derived") {
				fields = append(fields, i)
			}
		}
		slices.SortFunc(fields, func(i, j int) int { return strings.Compare(t.Field(i).Name, t.Field(j).Name) })
		b = append(b, '{')
		for k, i := range fields {
			if k > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, t.Field(i).Name)
			b = append(b, ':')
			var err error
			if b, err = appendValue(b, v.Field(i), underived); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return appendValue(b, v.Elem(), underived)
	}
	return nil, fmt.Errorf("cannot record a value of type %s", v.Type())
}

// appendFloat appends f as encoding/json writes a float64, and NaN and ±Inf
// as the strings "NaN", "+Inf" and "-Inf".
func appendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"+Inf"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Inf"`...)
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		// e-07 as e-7, as encoding/json writes it.
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}

// decodeValue decodes JSON written by encodeValue into the value ptr points to.
func decodeValue(data json.RawMessage, ptr any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return err
	}
	return fromTree(tree, reflect.ValueOf(ptr).Elem())
}

func fromTree(tree any, v reflect.Value) error {
	if tree == nil {
		v.SetZero()
		return nil
	}
	mismatch := func() error {
		return fmt.Errorf("cannot read %v as %s", tree, v.Type())
	}
	switch v.Kind() {
	case reflect.Bool:
		b, ok := tree.(bool)
		if !ok {
			return mismatch()
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := tree.(json.Number)
		if !ok {
			return mismatch()
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || v.OverflowInt(i) {
			return mismatch()
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := tree.(json.Number)
		if !ok {
			return mismatch()
		}
		u, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil || v.OverflowUint(u) {
			return mismatch()
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		var f float64
		switch t := tree.(type) {
		case json.Number:
			var err error
			if f, err = strconv.ParseFloat(string(t), 64); err != nil {
				return mismatch()
			}
		case string:
			switch t {
			case "NaN":
				f = math.NaN()
			case "+Inf":
				f = math.Inf(1)
			case "-Inf":
				f = math.Inf(-1)
			default:
				return mismatch()
			}
		default:
			return mismatch()
		}
		v.SetFloat(f)
	case reflect.String:
		s, ok := tree.(string)
		if !ok {
			return mismatch()
		}
		v.SetString(s)
	case reflect.Slice, reflect.Array:
		list, ok := tree.([]any)
		if !ok {
			return mismatch()
		}
		if v.Kind() == reflect.Slice {
			v.Set(reflect.MakeSlice(v.Type(), len(list), len(list)))
		} else if len(list) != v.Len() {
			return mismatch()
		}
		for i, e := range list {
			if err := fromTree(e, v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		obj, ok := tree.(map[string]any)
		if !ok {
			return mismatch()
		}
		for name, e := range obj {
			f, ok := v.Type().FieldByName(name)
			if !ok || !f.IsExported() || len(f.Index) != 1 {
				return fmt.Errorf("%s has no field %q", v.Type(), name)
			}
			if err := fromTree(e, v.Field(f.Index[0])); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := fromTree(tree, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
	default:
		return fmt.Errorf("cannot read a value of type %s", v.Type())
	}
	return nil
}
