"""Proofreading of every text staff wrote for a report: probable misspellings, with where they are.

spelling.py is the pure part (text and word lists in, findings out); vocabulary.py adds the
portal's own words (agency, unit, committee member and indicator names, and the ITA terms of
fixtures/proofreading/vocabulary-th.txt); sources.py reads the texts of one assessment.
"""
