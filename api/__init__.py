"""Front doors: the command line, the HTTP service and the web page. They only call the stages."""
