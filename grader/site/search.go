package site

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// An entry is one level in the search index.
type entry struct {
	Project  int    `json:"p"`
	Level    int    `json:"l"`
	Title    string `json:"t"`
	Href     string `json:"h"`
	Concepts string `json:"c"`
	Words    string `json:"w"` // the distinct words of its prose, lower case
}

// searchIndex returns the script that holds the search index: every
// level's title, key concepts and the words of its prose.
func searchIndex(projects []*Project) []byte {
	var list []entry
	for _, p := range projects {
		for _, l := range p.Levels {
			list = append(list, entry{
				Project:  p.Number,
				Level:    l.Number,
				Title:    l.Title,
				Href:     p.Page() + "#" + levelID(l.Number),
				Concepts: strings.Join(l.Concepts, ", "),
				Words:    strings.Join(words(strings.Join(l.prose, "\n")), " "),
			})
		}
	}
	data, _ := json.Marshal(list)
	return fmt.Appendf(nil, "// The search index of the site's levels, made by grader site.\nvar searchIndex = %s;\n", data)
}

// words returns the distinct words of markdown prose, in lower case,
// sorted, its formulas left out.
func words(md string) []string {
	list := strings.FieldsFunc(strings.ToLower(plain(md)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	for i, w := range list {
		list[i] = strings.Trim(w, "-")
	}
	slices.Sort(list)
	list = slices.Compact(list)
	return slices.DeleteFunc(list, func(w string) bool { return len(w) < 2 })
}
