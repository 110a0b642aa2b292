"""Parent side: cycle files, jobs, kernels, publishing, the index page."""
