"""Video generation, apart from rewriting: the orders a run makes (``orders``: what each prompt
asks a server for, the cost, where the files go) and the client of an OpenAI-compatible
``/v1/videos`` server (``server``: create or remix, poll, download)."""
