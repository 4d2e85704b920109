"""The colleges' pages: public (index, college page), member space, staff back office."""
