module github.com/digestbot/digestbot

go 1.26.0

require (
	codeberg.org/readeck/go-readability/v2 v2.1.3
	github.com/jdkato/prose/v2 v2.0.0
	github.com/kljensen/snowball v0.10.0
	github.com/mingrammer/commonregex v1.0.1
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
	gopkg.in/neurosnap/sentences.v1 v1.0.6
)

require (
	github.com/andybalholm/cascadia v1.3.3 // indirect
	github.com/deckarep/golang-set v1.7.1 // indirect
	github.com/go-shiori/dom v0.0.0-20230515143342-73569d674e1c // indirect
	github.com/gogs/chardet v0.0.0-20211120154057-b7413eaefb8f // indirect
	github.com/itlightning/dateparse v0.2.1 // indirect
	github.com/mmcdole/gofeed v1.4.2 // indirect
	github.com/mmcdole/goxpp/v2 v2.0.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	gonum.org/v1/gonum v0.7.0 // indirect
)
