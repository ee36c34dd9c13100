"""From passages to an Answer: what the question asks for, the extractive reader that quotes
sentences, and the optional LLM answerer with its client, prompts and verification."""
