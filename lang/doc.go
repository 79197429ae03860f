// Package lang tells which language a text is written in. Detect returns
// an ISO 639-1 code ("en", "fr", "zh") or "" when it cannot tell; sources
// calls it for every article, with the language that the page (<html
// lang>, og:locale, Content-Language) or the feed (<language>, xml:lang)
// declares as a hint that counts only when the text cannot decide.
//
// # The detector
//
// Detection is github.com/pemistahl/lingua-go (v1.4.0) in its low-accuracy
// mode (trigram models only), restricted to 42 languages (Codes): the
// languages of the news digestbot reads and their neighbours. It reads the
// first SampleBytes (300) of a text. Nothing is built at package
// initialization; the detector is built at the first Detect, and the
// models of a script's languages are loaded when a text first needs them,
// one after the other: 170 ms and 20 MB for the 22 languages of the Latin
// script, 17 ms for Cyrillic, 24 ms for Arabic, nothing for a language of
// its own script (Chinese and Japanese are told by their characters).
// Detecting then takes 0.25 ms for a headline, 0.48 ms for a sentence and
// 0.76 ms for an article's opening (go test -run '^$' -bench Detect
// ./lang, 2 vCPU, shared machine).
//
// Loading the Latin script's models would make a digest of three English
// files (examples/story) take 170 ms and 72 MB instead of 20 ms and 27 MB.
// So an opening of 20 words or more, in ASCII letters but for a name's
// "é" or "ü" (at most 2 % of its letters), of which at least 8 % are
// English function words ("the", "of", "and", "said" …) is English
// without the models: running English has 20–30 % of them, and other
// languages at most about 3 % (Dutch "of" and "was", Polish "to"). That
// decides 145 of the 149 shared articles, and the detector agrees on every
// one of them, as on the invented English text (TestPlainEnglishAgrees);
// no invented text of another language passes it.
//
// # Why lingua-go
//
// Measured on testdata/invented.tsv (written for the test: in each of
// en, fr, de, es, pt, cs, ru, zh, ur, it, nl, pl, ja and ar, a headline of
// two to four words, four teasers of 5–12 words and four sentences):
//
//	                                  2–4 words  teasers  sentences  memory  binary
//	lingua-go, low accuracy, 42 langs    13/14    56/56     56/56    +26 MB  +132 MB
//	lingua-go, high accuracy, 34 langs   14/14    56/56     56/56   +585 MB  +132 MB
//	lingua-go, low accuracy, all 75      12/14    55/56     56/56    +50 MB  +132 MB
//	whatlanggo v1.0.1, all its langs      9/14    48/56     54/56    +<1 MB  +0.5 MB
//	whatlanggo, 34 langs allowed         10/14    48/56     54/56    +<1 MB  +0.5 MB
//
// whatlanggo (small, trigram, last released 2020) takes Czech for
// Croatian or Slovene, Russian for Bulgarian, Ukrainian or Serbian, German
// headlines for Dutch and Japanese headlines written mostly in kanji for
// Chinese, even on whole sentences; each such error would split a story
// from its other outlets and hide it from a brief that asks for its
// language. lingua-go errs only on "Il ponte riapre" (Portuguese), which
// the page's declared language settles. Its cost is the size of the binary:
// it embeds the models of all its 75 languages (132 MB), whichever are
// loaded; its package initialization takes 0.3 ms.
package lang
