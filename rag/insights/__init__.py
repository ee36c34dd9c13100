"""What the corpus says beyond single answers: dates resolved against each article, the people
index, and the cited timeline of events."""
