package site

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/grader/devtools"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
)

// The two widths a reader reads the site at: a phone's and a laptop's.
var widths = []struct {
	name          string
	width, height int
}{
	{"phone", 390, 844},
	{"laptop", 1280, 800},
}

// laptopPages are the pages read at a laptop's width too; every page is
// read at a phone's.
var laptopPages = []string{"index.html", "02-integrate-and-fire.html", "06-plasticity-and-learning.html"}

// shots, if set, names a folder where TestBrowser saves a screenshot of
// the top of every page at both widths, to look at.
var shots = os.Getenv("SITE_SCREENSHOTS")

// TestBrowser reads the site as a reader does, in headless Chromium with
// no network: opened from disk (file://), it loads every page at a phone's
// width and a laptop's and checks that nothing failed (no console error,
// no exception, no resource that did not load), that every image shows,
// that every link inside the site leads to a page and an anchor that
// exist, that no formula is left as TeX, that every level heading is
// there and that the page fits the screen's width. It then moves a demo's
// slider with the mouse and waits for its figure to change, and types a
// word of a level's prose into the search box and follows the result.
// Last, it reads a page from a static web server.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not driving a browser")
	}
	if _, err := os.Stat(devtools.Chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v; CI is set, and .ci/run should have run docker/install.sh --ci", err)
		}
		t.Skipf("%v; run docker/install.sh --ci (as root) to read the site in Chromium", err)
	}
	out := build(t)
	pages, _ := filepath.Glob(filepath.Join(out, "*.html"))
	// Any address outside this machine fails, so that a page that needs
	// the network fails to load something.
	b := devtools.Open(t, "about:blank", "1280,800", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")
	ids := map[string][]string{}   // page → the ids of its elements
	links := map[string][]string{} // page → its links inside the site
	for _, w := range widths {
		b.Call("Emulation.setDeviceMetricsOverride", map[string]any{
			"width": w.width, "height": w.height, "deviceScaleFactor": 1, "mobile": w.width < 600,
		})
		for _, page := range pages {
			name := filepath.Base(page)
			if w.name == "laptop" && !slices.Contains(laptopPages, name) {
				continue // the phone's width has checked every page
			}
			start := time.Now()
			p := load(t, b, fileURL(page))
			t.Logf("%s at %s width: loaded in %v", name, w.name, time.Since(start).Round(time.Millisecond))
			if len(p.Errors) > 0 {
				t.Errorf("%s at %s width: %s", name, w.name, strings.Join(p.Errors, "\n"))
			}
			for _, img := range p.Broken {
				t.Errorf("%s: the image %s does not show", name, img)
			}
			if p.Overflow > 0 {
				t.Errorf("%s is %d px wider than a %s's screen (%s)", name, p.Overflow, w.name, p.Widest)
			}
			if tex := rawTeX(p.Text); tex != "" {
				t.Errorf("%s shows a formula as TeX: %q", name, tex)
			}
			if p.KatexErrors > 0 {
				t.Errorf("%s: KaTeX could not typeset %d formulas", name, p.KatexErrors)
			}
			ids[name], links[name] = p.IDs, p.Links
			if shots != "" {
				shot := filepath.Join(shots, w.name+"-"+strings.TrimSuffix(name, ".html"))
				screenshot(t, b, shot+".png")
				for _, at := range []string{"level-3", "level-4", "open", "course-map"} {
					if b.EvalBool(`!!document.getElementById("` + at + `")`) {
						b.Eval(`document.getElementById("` + at + `").scrollIntoView()`)
						screenshot(t, b, shot+"-"+at+".png")
					}
				}
				if b.EvalBool(`!!document.querySelector("figure.demo")`) {
					b.Eval(`document.querySelector("figure.demo").scrollIntoView()`)
					screenshot(t, b, shot+"-demo.png")
				}
			}
		}
	}
	if shots != "" {
		b.Call("Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "dark"}}})
		for _, name := range laptopPages {
			load(t, b, fileURL(filepath.Join(out, name)))
			b.Eval(`(document.getElementById("level-3") || document.body).scrollIntoView()`)
			screenshot(t, b, filepath.Join(shots, "dark-"+strings.TrimSuffix(name, ".html")+".png"))
		}
		b.Call("Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "light"}}})
	}
	checkLinks(t, out, ids, links)
	badPage(t, b)
	checkLevels(t, out, ids)
	moveSlider(t, b, pages)
	search(t, b, out)

	// From a static web server, as when published.
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	if p := load(t, b, srv.URL+"/06-plasticity-and-learning.html"); len(p.Errors) > 0 || len(p.Broken) > 0 {
		t.Errorf("from a web server, Project 6's page fails: %v; broken images %v", p.Errors, p.Broken)
	}
}

// badPage loads a page with what the checks look for, to show that they
// find it: an error in the console, an image that does not load, a formula
// left as TeX, and a page wider than the screen.
func badPage(t *testing.T, b *devtools.Browser) {
	path := filepath.Join(t.TempDir(), "bad.html")
	page := `<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>
		<p>The threshold $V_\text{th}$.</p><img src="missing.png">
		<div style="width:5000px">wide</div><script>console.error("broken")</script></body></html>`
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	p := load(t, b, fileURL(path))
	if len(p.Errors) < 2 || len(p.Broken) != 1 || rawTeX(p.Text) == "" || p.Overflow == 0 {
		t.Errorf("a bad page passes the checks: errors %q, broken images %q, TeX %q, %d px too wide",
			p.Errors, p.Broken, rawTeX(p.Text), p.Overflow)
	}
}

// fileURL returns the file:// address of a file.
func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// A loaded page, as the browser shows it.
type loaded struct {
	Text        string   // the visible text
	IDs         []string // the ids of its elements
	Links       []string // the addresses of its links inside the site, resolved
	Broken      []string // images that did not load
	Overflow    int      // by how many pixels the page is wider than the screen
	Widest      string   // the element that sticks out furthest
	KatexErrors int
	Errors      []string // console errors, exceptions and failed loads
}

// load opens a page, waits until it is loaded and its formulas typeset,
// and returns what it shows.
func load(t *testing.T, b *devtools.Browser, addr string) loaded {
	t.Helper()
	b.Events() // forget the last page's
	b.Call("Page.navigate", map[string]any{"url": addr})
	b.WaitFor(addr+" to load", 30*time.Second, `document.readyState == "complete" && location.href == `+jsString(addr)+
		` && document.querySelectorAll(".math:not(:has(.katex))").length == 0`)
	var p loaded
	b.EvalInto(`(function () {
		var site = location.href.replace(/[^\/]*([?#].*)?$/, "");
		var widest = "", over = 0;
		var all = document.documentElement.scrollWidth > innerWidth ? document.querySelectorAll("body *") : [];
		all.forEach(function (el) {
			var r = el.getBoundingClientRect();
			if (r.width > 0 && r.right - innerWidth > over && getComputedStyle(el).position != "fixed") {
				over = r.right - innerWidth;
				widest = el.tagName + "." + el.className + ": " + (el.textContent || "").slice(0, 60);
			}
		});
		return {
			text: document.body.innerText,
			ids: Array.from(document.querySelectorAll("[id]"), function (e) { return e.id; }),
			links: Array.from(document.querySelectorAll("a[href]"), function (a) { return a.href; })
				.filter(function (h) { return h.indexOf(site) == 0; }),
			broken: Array.from(document.images).filter(function (i) { return !i.complete || i.naturalWidth == 0; })
				.map(function (i) { return i.src.slice(0, 100); }),
			overflow: Math.max(0, document.documentElement.scrollWidth - innerWidth),
			widest: widest,
			katexErrors: document.querySelectorAll(".katex-error").length,
		};
	})()`, &p)
	for _, e := range b.Events() {
		if msg := failure(e); msg != "" {
			p.Errors = append(p.Errors, msg)
		}
	}
	return p
}

// failure returns what went wrong in a page's event, or "" if nothing did.
func failure(e devtools.Event) string {
	switch e.Method {
	case "Runtime.exceptionThrown":
		var ev struct{ ExceptionDetails struct{ Text, URL string } }
		json.Unmarshal(e.Params, &ev)
		return "exception: " + ev.ExceptionDetails.Text + " " + ev.ExceptionDetails.URL
	case "Runtime.consoleAPICalled":
		var ev struct {
			Type string
			Args []struct{ Value any }
		}
		json.Unmarshal(e.Params, &ev)
		if ev.Type == "error" || ev.Type == "warning" || ev.Type == "assert" {
			return fmt.Sprintf("console.%s: %v", ev.Type, ev.Args)
		}
	case "Log.entryAdded":
		var ev struct {
			Entry struct{ Level, Text, URL string }
		}
		json.Unmarshal(e.Params, &ev)
		if ev.Entry.Level == "error" || ev.Entry.Level == "warning" {
			return ev.Entry.Level + ": " + ev.Entry.Text + " " + ev.Entry.URL
		}
	}
	return ""
}

// rawTeXRE matches what a formula left untypeset shows: a pair of dollars
// around something, or a TeX command.
var rawTeXRE = regexp.MustCompile(`\$[^$\s][^$\n]*\$|\\(frac|text|mathrm|left|right|cdot|sum|int|sqrt|alpha|tau|Delta)\b`)

// rawTeX returns the first piece of TeX in text, or "".
func rawTeX(text string) string { return rawTeXRE.FindString(text) }

// checkLinks checks that every link inside the site leads to a file of it
// and, if it names an anchor, that the page has an element with that id.
func checkLinks(t *testing.T, out string, ids, links map[string][]string) {
	n := 0
	for page, list := range links {
		for _, link := range list {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: link %q: %v", page, link, err)
				continue
			}
			rel, err := filepath.Rel(out, filepath.FromSlash(u.Path))
			if err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s: link %q leads out of the site", page, link)
				continue
			}
			if _, err := os.Stat(filepath.Join(out, rel)); err != nil {
				t.Errorf("%s: broken link %q", page, link)
				continue
			}
			if u.Fragment != "" && !slices.Contains(ids[filepath.ToSlash(rel)], u.Fragment) {
				t.Errorf("%s: link %q: %s has no anchor %q", page, link, rel, u.Fragment)
			}
			n++
		}
	}
	if n < 275 {
		t.Errorf("the pages have %d links inside the site; a link to every level was expected at least", n)
	}
}

// checkLevels checks that every project page has an anchor at each level
// of its notebook.
func checkLevels(t *testing.T, out string, ids map[string][]string) {
	paths, _ := filepath.Glob(filepath.Join(course(t), "notebooks", "*.ipynb"))
	for _, path := range paths {
		nb, err := notebook.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		page := strings.TrimSuffix(filepath.Base(path), ".ipynb") + ".html"
		for _, h := range release.Headings(nb) {
			if !slices.Contains(ids[page], levelID(h.Level)) {
				t.Errorf("%s has no heading for level %d", page, h.Level)
			}
		}
	}
}

// moveSlider clicks near the right end of the first demo's first slider
// and waits for the demo to show another figure and value.
func moveSlider(t *testing.T, b *devtools.Browser, pages []string) {
	i := slices.IndexFunc(pages, func(p string) bool { return strings.HasPrefix(filepath.Base(p), "02-") })
	if i < 0 {
		t.Fatal("no page of Project 2")
	}
	load(t, b, fileURL(pages[i]))
	type state struct{ Src, Value string }
	show := `(function () {
		var d = document.querySelector("figure.demo");
		return {src: d.querySelector("img").src, value: d.querySelector("output").textContent};
	})()`
	var before, after state
	b.WaitFor("the demo's slider", 10*time.Second, `!document.querySelector("figure.demo input[type=range]").disabled`)
	b.EvalInto(show, &before)
	var box struct{ X, Y, W, H float64 }
	b.EvalInto(`(function () {
		var r = document.querySelector("figure.demo input[type=range]");
		r.scrollIntoView({block: "center"});
		var b = r.getBoundingClientRect();
		return {x: b.x, y: b.y, w: b.width, h: b.height};
	})()`, &box)
	for _, kind := range []string{"mousePressed", "mouseReleased"} {
		b.Call("Input.dispatchMouseEvent", map[string]any{"type": kind, "x": box.X + 0.9*box.W, "y": box.Y + box.H/2, "button": "left", "clickCount": 1})
	}
	b.EvalInto(show, &after)
	if after.Src == before.Src || after.Value == before.Value {
		t.Errorf("moving the demo's slider from %q to %q left its figure as it was", before.Value, after.Value)
	}
}

// search types into the search box a word that only one level's prose
// has, not its title, and follows the first result.
func search(t *testing.T, b *devtools.Browser, out string) {
	word, page, level := rareWord(t)
	load(t, b, fileURL(filepath.Join(out, "index.html")))
	b.Eval(`document.getElementById("search").focus()`)
	b.Call("Input.insertText", map[string]any{"text": word})
	var results []string
	b.WaitFor("search results", 5*time.Second, `!document.getElementById("search-results").hidden`)
	b.EvalInto(`Array.from(document.querySelectorAll("#search-results a"), function (a) { return a.getAttribute("href"); })`, &results)
	if shots != "" {
		screenshot(t, b, filepath.Join(shots, "search.png"))
	}
	want := page + "#" + levelID(level)
	if !slices.Contains(results, want) {
		t.Fatalf("searching for %q finds %v, not %s", word, results, want)
	}
	b.Eval(`document.querySelector("#search-results a[href='` + want + `']").click()`)
	b.WaitFor("the level's page", 10*time.Second, `location.hash == "#`+levelID(level)+`" && location.pathname.endsWith("/`+page+`")`)
}

// rareWord returns a word of at least 9 letters that only the prose of
// one level of the course has, outside formulas and code, and not in its
// title, with that level's page and number.
func rareWord(t *testing.T) (word, page string, level int) {
	paths, _ := filepath.Glob(filepath.Join(course(t), "notebooks", "*.ipynb"))
	type where struct {
		page  string
		level int
		title string
	}
	seen := map[string][]where{}
	wordRE := regexp.MustCompile(`\b[a-z]{9,}\b`)
	codeOrMathRE := regexp.MustCompile("\\$[^$]*\\$|`[^`]*`")
	for _, path := range paths {
		nb, err := notebook.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		p := strings.TrimSuffix(filepath.Base(path), ".ipynb") + ".html"
		var cur where
		for _, c := range nb.Cells {
			if c.Type != notebook.Markdown {
				continue
			}
			src := string(c.Source)
			if h := release.Headings(&notebook.Notebook{Cells: []*notebook.Cell{c}}); len(h) > 0 {
				cur = where{p, h[0].Level, strings.ToLower(h[0].Title)}
			}
			prose := codeOrMathRE.ReplaceAllString(strings.ToLower(src), " ")
			for _, w := range wordRE.FindAllString(prose, -1) {
				if list := seen[w]; len(list) == 0 || list[len(list)-1] != cur {
					seen[w] = append(seen[w], cur)
				}
			}
		}
	}
	var words []string
	for w, list := range seen {
		if len(list) == 1 && list[0].level > 0 && !strings.Contains(list[0].title, w) {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		t.Fatal("no word is in one level's prose only")
	}
	slices.Sort(words)
	w := seen[words[len(words)/2]][0]
	return words[len(words)/2], w.page, w.level
}

// screenshot saves a PNG of what the page shows.
func screenshot(t *testing.T, b *devtools.Browser, path string) {
	var shot struct{ Data []byte }
	json.Unmarshal(b.Call("Page.captureScreenshot", map[string]any{"format": "png"}), &shot)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, shot.Data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// jsString returns s as a JavaScript string literal.
func jsString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}
