# cmake -DIN=shell.html -DOUT=index.html -P fill_shell.cmake: puts the program's <script> where an Emscripten
# shell page says {{{ SCRIPT }}}.
file(READ ${IN} page)
string(REPLACE "{{{ SCRIPT }}}" "<script async type=\"text/javascript\" src=\"index.js\"></script>" page "${page}")
file(WRITE ${OUT} "${page}")
