"""The respondent's survey: questionnaire pages, their forms and field types, resume links, results and the PDF."""
