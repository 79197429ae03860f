package postag

// Token is a word or punctuation mark of a sentence with its Penn Treebank tag.
type Token struct {
	Text       string // as in the input
	Tag        string // Penn Treebank tag from prose's model ("NNP", "VBD", ",")
	Start, End int    // byte offsets of Text in the input sentence: input[Start:End] == Text
}

// Tag tokenizes one sentence with prose's tokenizer and tags it with prose's
// model. Safe for concurrent use.
//
// Text keeps the input's characters where prose's tokenizer straightened
// quotes (“ ” ‘ ’ and "&rsquo;"); the tag is the one prose gives the
// straightened token. Text that prose's tokenizer drops (the "'Reilly" of
// "O'Reilly") is in no token. A run of more than 256 bytes without white
// space is one token, not split as prose would: prose's tokenizer takes time
// quadratic in such a run's length.
func Tag(sentence string) []Token {
	words, spans := tokenize(sentence)
	if len(words) == 0 {
		return nil
	}
	m := loadModel()
	t := tagger{
		m:      m,
		key:    make([]byte, 0, 64),
		scores: make([]int64, len(m.Classes)),
		seen:   make([]bool, len(m.Classes)),
	}
	tags := t.tag(words)
	out := make([]Token, len(words))
	for i, sp := range spans {
		out[i] = Token{Text: sentence[sp.start:sp.end], Tag: tags[i], Start: sp.start, End: sp.end}
	}
	return out
}
