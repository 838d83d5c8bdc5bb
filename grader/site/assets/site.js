// The course site's script: it typesets the formulas with KaTeX, opens the
// table of contents on wide screens, and searches the levels.
(function () {
	"use strict";

	document.querySelectorAll("span.math").forEach(function (el) {
		katex.render(el.textContent, el, {
			displayMode: el.classList.contains("display"),
			throwOnError: false,
		});
	});

	var toc = document.getElementById("toc");
	if (toc && window.matchMedia("(min-width: 1100px)").matches) {
		toc.open = true;
	}

	// Search: a level matches when every word of the query starts a word
	// of its title, its key concepts or its prose; title matches rank
	// first, then key concepts, then prose.
	var input = document.getElementById("search");
	var results = document.getElementById("search-results");
	var entries = searchIndex.map(function (e) {
		return {
			e: e,
			title: (e.t + " " + e.p + "." + e.l).toLowerCase(),
			concepts: e.c.toLowerCase(),
			words: e.w,
		};
	});
	// prefix returns a test of whether a word starts a word of a text.
	var prefix = function (word) {
		var re = new RegExp("(^|[^\\p{L}\\p{N}])" + word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u");
		return function (text) { return re.test(text); };
	};
	var search = function (query) {
		var words = query.toLowerCase().split(/[^\p{L}\p{N}.-]+/u).filter(function (w) { return w; });
		if (!words.length) return [];
		var tests = words.map(prefix);
		var found = [];
		entries.forEach(function (x) {
			var score = 0;
			for (var i = 0; i < tests.length; i++) {
				if (tests[i](x.title)) score += 3;
				else if (tests[i](x.concepts)) score += 2;
				else if (tests[i](x.words)) score += 1;
				else return;
			}
			found.push({x: x, score: score});
		});
		found.sort(function (a, b) { return b.score - a.score || a.x.e.p - b.x.e.p || a.x.e.l - b.x.e.l; });
		return found.slice(0, 20).map(function (f) { return f.x.e; });
	};
	var show = function () {
		var list = search(input.value);
		results.textContent = "";
		if (!input.value.trim()) {
			results.hidden = true;
			return;
		}
		if (!list.length) {
			var li = document.createElement("li");
			li.className = "none";
			li.textContent = "No level matches.";
			results.appendChild(li);
		}
		list.forEach(function (e) {
			var li = document.createElement("li");
			var a = document.createElement("a");
			a.href = e.h;
			a.textContent = e.p + "." + e.l + " · " + e.t;
			li.appendChild(a);
			if (e.c) {
				var c = document.createElement("span");
				c.className = "concepts";
				c.textContent = e.c;
				li.appendChild(c);
			}
			results.appendChild(li);
		});
		results.hidden = false;
	};
	input.addEventListener("input", show);
	input.addEventListener("keydown", function (ev) {
		if (ev.key == "Escape") {
			input.value = "";
			show();
		} else if (ev.key == "Enter") {
			var first = results.querySelector("a");
			if (first) first.click();
		}
	});
	results.addEventListener("click", function () { results.hidden = true; });
})();
