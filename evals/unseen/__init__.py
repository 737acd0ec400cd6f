"""A document nobody tuned on (issue 12, item 6): a fictional agreement, its PDF, questions and gold rows."""
