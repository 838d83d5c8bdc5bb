package check

import (
	"math/rand/v2"
	"reflect"
)

// Uniforms draws n numbers uniformly from [a, b).
func Uniforms(r *rand.Rand, n int, a, b float64) []float64 {
	x := make([]float64, n)
	for k := range x {
		x[k] = Uniform(r, a, b)
	}
	return x
}

// Changed is the output of a level whose function works in place: the
// state it leaves, or the zero value (Changed false) if it changed nothing,
// so that a stub, which changes nothing, is told apart as not implemented.
type Changed[T any] struct {
	Changed bool
	After   T
}

// Leave returns after as the output of an in-place function that started
// from before.
func Leave[T any](before, after T) Changed[T] {
	if reflect.DeepEqual(before, after) {
		return Changed[T]{}
	}
	return Changed[T]{true, after}
}

// InPlace turns a judge of the state an in-place function leaves into a
// judge of its output: an output that changed nothing is the state before.
func InPlace[In, T any](before func(In) T, judge func(In, T) error) func(In, Changed[T]) error {
	return func(c In, got Changed[T]) error {
		if !got.Changed {
			return judge(c, before(c))
		}
		return judge(c, got.After)
	}
}
