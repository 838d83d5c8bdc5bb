package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
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
	tree, err := toTree(reflect.ValueOf(v), underived)
	if err != nil {
		return nil, err
	}
	return json.Marshal(tree)
}

func toTree(v reflect.Value, underived bool) (any, error) {
	if !v.IsValid() {
		return nil, nil
	}
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		switch {
		case math.IsNaN(f):
			return "NaN", nil
		case math.IsInf(f, 1):
			return "+Inf", nil
		case math.IsInf(f, -1):
			return "-Inf", nil
		}
		return f, nil
	case reflect.String:
		return v.String(), nil
	case reflect.Slice:
		if v.IsNil() {
			return nil, nil
		}
		fallthrough
	case reflect.Array:
		list := make([]any, v.Len())
		for i := range list {
			e, err := toTree(v.Index(i), underived)
			if err != nil {
				return nil, err
			}
			list[i] = e
		}
		return list, nil
	case reflect.Struct:
		obj := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() || underived && t.Field(i).Tag.Get("check") == "derived" {
				continue
			}
			e, err := toTree(v.Field(i), underived)
			if err != nil {
				return nil, err
			}
			obj[t.Field(i).Name] = e
		}
		return obj, nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		return toTree(v.Elem(), underived)
	}
	return nil, fmt.Errorf("cannot record a value of type %s", v.Type())
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
