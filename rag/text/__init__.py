"""Text, pure and shared by every step: sentences, tokens and stopwords, the calendar of
Indonesian and English month and weekday names, fuzzy matching of names, language detection."""
